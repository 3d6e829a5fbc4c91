/**
 * Seeded inputs the benchmarks precompute in their setup, the ring that hands blocks between threads, and the
 * defragmentation loop an application runs.
 */
package org.jmalloc.benchmarks.workload;
