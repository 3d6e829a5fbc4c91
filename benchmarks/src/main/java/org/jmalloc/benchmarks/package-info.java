/**
 * JMH benchmarks that run jmalloc and its anchors (glibc, jemalloc, mimalloc, tcmalloc, Netty's pooled and adaptive
 * allocators) under the same settings in one run; {@link org.jmalloc.benchmarks.ImplBenchmark} holds what they share.
 */
package org.jmalloc.benchmarks;
