/**
 * jmalloc's public API: {@link org.jmalloc.allocator.Allocator} (malloc/free over {@code long}
 * addresses and {@code MemorySegment}s) with its {@link org.jmalloc.allocator.AllocatorBuilder}
 * (and {@link org.jmalloc.allocator.ProfilingOptions}, {@link org.jmalloc.allocator.SafetyOptions},
 * {@link org.jmalloc.allocator.AllocationListener}) and effective
 * {@link org.jmalloc.allocator.AllocatorConfig}; {@link org.jmalloc.allocator.ThreadHandle};
 * {@link org.jmalloc.allocator.Stats} and {@link org.jmalloc.allocator.WorkCounts}, printed by
 * {@link org.jmalloc.allocator.StatsReport}; the {@link org.jmalloc.allocator.Control} namespace.
 * Everything else in this package is package-private: the parts behind the API.
 */
package org.jmalloc.allocator;
