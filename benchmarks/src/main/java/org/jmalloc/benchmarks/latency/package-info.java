/** Benchmarks that measure the time one allocation pattern takes, reported as time per operation. */
package org.jmalloc.benchmarks.latency;
