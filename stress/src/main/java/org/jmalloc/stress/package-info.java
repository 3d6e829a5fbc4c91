/** The stress runner: runs workloads against a checked allocator and reports their figures and violations. */
package org.jmalloc.stress;
