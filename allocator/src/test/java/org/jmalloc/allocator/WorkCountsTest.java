package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Each work counter moves when, and only when, its event happens: every step below is one call
 * on a fresh allocator whose exact work is known, compared counter by counter with the snapshot
 * before it. Each step runs on a thread of its own where a first call matters; waits are joins,
 * so the counts are exact (no call in flight).
 */
class WorkCountsTest {

    private static WorkCounts counts(long mallocSlow, long freeSlow, long fills, long flushes, long locks,
                                     long contended, long mmap, long munmap, long madvise) {
        return new WorkCounts(mallocSlow, freeSlow, fills, flushes, locks, contended, mmap, munmap, madvise);
    }

    @Test
    void aFreshAllocatorHasDoneNoWorkAndStatsDoesNotCountItself() {
        try (Allocator allocator = Allocator.builder().arenas(2).build()) {
            WorkCounts none = counts(0, 0, 0, 0, 0, 0, 0, 0, 0);
            assertEquals(none, allocator.stats().work(), "after build()");
            assertEquals(none, allocator.stats().work(), "after a stats() snapshot, which takes every lock");
        }
    }

    @Test
    void theFirstSmallMallocTakesTheSlowPathFillsAndMapsBlocksAndMetadataThenTheFastPathsCountNothing() throws Exception {
        try (Allocator allocator = Allocator.builder().arenas(1).build()) {
            AtomicReference<WorkCounts[]> seen = new AtomicReference<>();
            onFreshThread(() -> {
                WorkCounts start = allocator.stats().work();
                long block = allocator.malloc(64);
                WorkCounts afterFirst = allocator.stats().work();
                allocator.free(block);
                long again = allocator.malloc(64);
                allocator.free(again, 64);
                WorkCounts afterFast = allocator.stats().work();
                seen.set(new WorkCounts[] {afterFirst.minus(start), afterFast.minus(afterFirst)});
            });
            // A cache miss on a thread with no cache yet: one slow malloc, one refill (the bin's
            // lock), which takes a new slab from the pages (their lock), which map the first chunk,
            // and a bitmap for it from the first chunk of metadata.
            assertEquals(counts(1, 0, 1, 0, 2, 0, 2, 0, 0), seen.get()[0], "the first malloc(64)");
            assertEquals(counts(0, 0, 0, 0, 0, 0, 0, 0, 0), seen.get()[1], "free, malloc, sized free on the fast paths");
        }
    }

    @Test
    void largeBlocksTakeTheSlowPathsAndPurgingCountsTheMadvise() throws Exception {
        try (Allocator allocator = Allocator.builder().arenas(1).dirtyDecay(Duration.ZERO).build()) {
            AtomicReference<WorkCounts[]> seen = new AtomicReference<>();
            onFreshThread(() -> {
                allocator.free(allocator.malloc(64)); // binds the thread and maps the first chunk
                WorkCounts start = allocator.stats().work();
                long large = allocator.malloc(100_000);
                WorkCounts afterMalloc = allocator.stats().work();
                allocator.free(large);
                WorkCounts afterFree = allocator.stats().work();
                seen.set(new WorkCounts[] {afterMalloc.minus(start), afterFree.minus(afterMalloc)});
            });
            // Uncached class: the slow path; the pages' lock once, to take the run and set it up as
            // a block; the first chunk has room, so no mmap.
            assertEquals(counts(1, 0, 0, 0, 1, 0, 0, 0, 0), seen.get()[0], "malloc(100000)");
            // Not in the page index: the slow path; the pages' lock once, to count the free and
            // release the run, which dirtyDecay(0) purges at once with one madvise.
            assertEquals(counts(0, 1, 0, 0, 1, 0, 0, 0, 1), seen.get()[1], "free of the 100000-byte block");
        }
    }

    @Test
    void flushThreadCacheCountsOneFlushPerCachedClass() throws Exception {
        try (Allocator allocator = Allocator.builder().arenas(1).build()) {
            AtomicReference<WorkCounts> seen = new AtomicReference<>();
            onFreshThread(() -> {
                allocator.free(allocator.malloc(64));
                allocator.free(allocator.malloc(1000));
                WorkCounts start = allocator.stats().work();
                allocator.flushThreadCache();
                seen.set(allocator.stats().work().minus(start));
            });
            // Two classes cached: two flushes, each under its bin's lock. Every block of the slabs
            // the fills opened goes back, so each of those slabs is released (the pages' lock once
            // each): the 64-byte fill took 64 regions of one 512-region (32 KiB) slab; the 1000-byte
            // one (class 1024, 16 regions a slab) took 10, from one slab. 2 + 1 + 1 = 4 locks.
            WorkCounts flush = seen.get();
            assertEquals(2, flush.cacheFlushes(), "flushes: " + flush);
            assertEquals(4, flush.lockAcquisitions(), "locks: " + flush);
            assertEquals(counts(0, 0, 0, 2, 4, 0, 0, 0, 0), flush, "flushThreadCache()");
        }
    }

    @Test
    void aMappingPastTheLimitUnmapsRetainedMemoryFirst() throws Exception {
        long mib = 1 << 20;
        try (Allocator allocator = Allocator.builder().arenas(1).threadCache(false).dirtyDecay(Duration.ZERO)
                .maxBytes(6 * mib).build()) {
            WorkCounts start = allocator.stats().work();
            long first = allocator.malloc(3 * mib); // maps a 4 MiB chunk
            allocator.free(first); // dirty, purged at once (madvise): retained
            long second = allocator.malloc(5 * mib); // 4 + 5 MiB > 6 MiB: unmap the retained 4 MiB, map 5
            WorkCounts work = allocator.stats().work().minus(start);
            assertEquals(2, work.mmap(), "mmap calls: " + work);
            assertEquals(1, work.munmap(), "munmap calls: " + work);
            assertEquals(1, work.madvise(), "madvise calls: " + work);
            assertEquals(2, work.mallocSlow(), "slow mallocs (no thread cache): " + work);
            assertEquals(1, work.freeSlow(), "slow frees: " + work);
            assertEquals(0, work.cacheFills() + work.cacheFlushes(), "no cache, no fills or flushes: " + work);
            assertTrue(work.lockAcquisitions() > 0, "locks: " + work);
            allocator.free(second);
        }
    }

    private static void onFreshThread(Runnable body) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        assertTrue(t.join(Duration.ofSeconds(60)), "the test thread finished");
        if (failure.get() != null) {
            throw new AssertionError("the test thread failed", failure.get());
        }
    }
}
