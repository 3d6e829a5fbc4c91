/** Seeded inputs the benchmarks precompute in their setup, and the ring that hands blocks between threads. */
package org.jmalloc.benchmarks.workload;
