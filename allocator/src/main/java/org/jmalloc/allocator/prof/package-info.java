/**
 * Sampled heap profiling, after jemalloc's {@code prof}: a sample every 2^lgSample bytes on
 * average (geometric intervals), the stack of each sampled allocation, unbiased size estimates
 * per stack, live-heap dumps (collapsed stacks and JSON) and a leak report. Public API:
 * {@link org.jmalloc.allocator.prof.HeapProfile} and {@link org.jmalloc.allocator.prof.StackProfile}.
 */
package org.jmalloc.allocator.prof;
