package org.jmalloc.allocator;

/**
 * How much work the allocator has done off its fast paths since it was built, summed over every
 * thread and arena ({@link Stats#work()}). Deterministic for a given sequence of calls (no timing
 * in them), so a benchmark can report them per operation where the host has no hardware counters:
 * a change that makes the fast path miss more, or the slow path lock or call the OS more, shows as
 * a count, not as noise. The fast paths themselves ({@code malloc} served by a pop, {@code free}
 * by a push) count nothing and cost nothing extra.
 *
 * <p>Exact when no call is in flight (for example after the threads that made the calls have been
 * joined); a snapshot taken while other threads work may lag their last calls.
 *
 * @param mallocSlow {@code malloc} calls (also through a {@link ThreadHandle}) that the fast path
 *     did not serve: the first call of a thread, an empty cache, a class the cache does not keep,
 *     a virtual thread; and the allocations {@code realloc} makes when it moves a block.
 *     {@code calloc} and {@code alignedAlloc} have no fast path and are not counted here
 * @param freeSlow {@code free} calls (sized or not, also through a handle) that the fast path did
 *     not take: a full cache, an uncached class, a block not registered for the fast path, bad
 *     input; and the frees of the old block {@code realloc} makes when it moves one
 * @param cacheFills refills of a thread cache's class from its arena (one locked batch each)
 * @param cacheFlushes flushes of a thread cache's class to the arenas (overflow, incremental GC,
 *     {@code flushThreadCache()}, thread exit, {@code purge()}): one per class and call, however
 *     many arenas its blocks go back to
 * @param lockAcquisitions acquisitions of the arenas' bin and page locks ({@code stats()}'s own
 *     snapshot locks are not counted; reentrant acquisitions are)
 * @param lockContended those acquisitions whose first attempt found the lock held by another thread
 * @param mmap calls to the OS to map memory ({@code OsMemory.map})
 * @param munmap calls to the OS to unmap memory ({@code OsMemory.unmap}): trimming a mapping to a
 *     logical page larger than the OS page, giving retained memory back under {@code maxBytes}
 * @param madvise calls to the OS to purge pages ({@code OsMemory.purgeLazy} or
 *     {@code purgeForced}: {@code MADV_FREE}, {@code MADV_DONTNEED}), by decay and {@code purge()}
 */
public record WorkCounts(long mallocSlow, long freeSlow, long cacheFills, long cacheFlushes, long lockAcquisitions,
                         long lockContended, long mmap, long munmap, long madvise) {

    /** The counts of {@code this} minus those of an earlier snapshot: the work done in between. */
    public WorkCounts minus(WorkCounts earlier) {
        return new WorkCounts(mallocSlow - earlier.mallocSlow, freeSlow - earlier.freeSlow,
                cacheFills - earlier.cacheFills, cacheFlushes - earlier.cacheFlushes,
                lockAcquisitions - earlier.lockAcquisitions, lockContended - earlier.lockContended,
                mmap - earlier.mmap, munmap - earlier.munmap, madvise - earlier.madvise);
    }
}
