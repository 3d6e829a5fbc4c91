package org.jmalloc.benchmarks.impl;

/**
 * What an allocator says about itself through its own statistics API, for the footprint benchmarks; a figure the
 * allocator does not report is {@link #UNKNOWN}.
 *
 * <p>Sources: jmalloc's {@code Allocator.stats()}; jemalloc's {@code mallctl} ({@code stats.allocated},
 * {@code stats.metadata}, {@code stats.mapped}, after an {@code epoch} refresh); glibc's {@code mallinfo2()}
 * ({@code uordblks + hblkhd} allocated, {@code arena + hblkhd} mapped); tcmalloc's
 * {@code MallocExtension_GetNumericProperty} ({@code generic.current_allocated_bytes}, and {@code generic.heap_size}
 * less {@code tcmalloc.pageheap_unmapped_bytes} mapped); Netty's {@code usedDirectMemory()} as mapped. mimalloc has no
 * such getter in its C API.
 *
 * @param allocated bytes the application holds (and, where the allocator counts them so, its caches)
 * @param metadata bytes of the allocator's own bookkeeping
 * @param mapped bytes of memory the allocator holds from the OS in a usable state (not the address space it retains)
 */
public record AllocatorCounters(long allocated, long metadata, long mapped) {

    /** A figure the allocator does not report. */
    public static final long UNKNOWN = -1;

    /** An allocator that reports nothing. */
    public static final AllocatorCounters NONE = new AllocatorCounters(UNKNOWN, UNKNOWN, UNKNOWN);
}
