/** Fault injection and contract checks at the allocator's OS layer. */
package org.jmalloc.stress.fault;
