/** Benchmarks that measure operations per second when two threads allocate and free concurrently. */
package org.jmalloc.benchmarks.throughput;
