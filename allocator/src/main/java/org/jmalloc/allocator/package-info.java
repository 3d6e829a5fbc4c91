/**
 * jmalloc's public API: {@link org.jmalloc.allocator.Allocator} (malloc/free over {@code long}
 * addresses and {@code MemorySegment}s) with its {@link org.jmalloc.allocator.AllocatorBuilder}
 * (and {@link org.jmalloc.allocator.ProfilingOptions}, {@link org.jmalloc.allocator.SafetyOptions},
 * {@link org.jmalloc.allocator.AllocationListener}) and effective
 * {@link org.jmalloc.allocator.AllocatorConfig}; {@link org.jmalloc.allocator.ThreadHandle};
 * {@link org.jmalloc.allocator.Stats} and {@link org.jmalloc.allocator.WorkCounts}, printed by
 * {@link org.jmalloc.allocator.StatsReport}; the {@link org.jmalloc.allocator.Control} namespace.
 * Everything else in this package is package-private: the parts behind the API.
 *
 * <h2>Design</h2>
 * Requests round up to a size class ({@link org.jmalloc.allocator.sizeclass.SizeClasses}). Small
 * classes ({@code < 4 × page}) are regions of slabs kept in per-arena bins; larger ones are page
 * runs; both come from an arena's extents, which map memory from the OS in growing chunks and
 * purge unused pages as they decay. Each platform thread has a cache of free blocks per class, so
 * the common malloc and free take no lock (the allocator's fast paths); misses and overflows move
 * half a stack to or from the arena in one locked batch. The free mark
 * ({@link org.jmalloc.allocator.FreeMarks}) is how a double free is caught while the first free
 * still sits in a thread cache; the slab bitmap and the extent state catch the rest.
 */
package org.jmalloc.allocator;
