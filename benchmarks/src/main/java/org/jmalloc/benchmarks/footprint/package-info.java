/** Benchmarks of memory footprint: fragmentation, memory given back to the OS, address-space reuse, metadata. */
package org.jmalloc.benchmarks.footprint;
