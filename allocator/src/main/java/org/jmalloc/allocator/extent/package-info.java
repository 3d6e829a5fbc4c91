/** Extents: page runs with a state, the address map that finds them, and the decay that purges them. */
package org.jmalloc.allocator.extent;
