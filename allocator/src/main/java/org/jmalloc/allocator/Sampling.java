package org.jmalloc.allocator;

import org.jmalloc.allocator.arena.Arena;
import org.jmalloc.allocator.extent.Extent;
import org.jmalloc.allocator.extent.PageIndex;
import org.jmalloc.allocator.prof.HeapProfiler;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.jmalloc.allocator.tcache.CacheEvents;
import org.jmalloc.allocator.tcache.ThreadCache;
import org.jmalloc.allocator.telemetry.HugeAllocationEvent;

/**
 * Heap-profile sampling, for the slow paths: arms a thread cache's event word with the bytes to
 * its next sample ({@link CacheEvents}), and records a sampled block as a page run of its own that
 * the page index does not know (when its class is thread-cached), marked in its extent record
 * ({@link Extent#sample}), so that its free comes to the slow path, which sees it and releases
 * the sample.
 */
final class Sampling {

    private final SizeClasses classes;
    private final int smallCount;
    /** Classes below this one are thread-cached and registered in the page index. */
    private final int cachedClasses;
    private final boolean marks;
    private final Observability obs;

    Sampling(SizeClasses classes, int cachedClasses, boolean marks, Observability obs) {
        this.classes = classes;
        this.smallCount = classes.smallCount();
        this.cachedClasses = cachedClasses;
        this.marks = marks;
        this.obs = obs;
    }

    /** Arms the cache's event word: {@code calls} to the GC step, and the next sample interval when sampling. */
    void rearm(ThreadCache tc, long calls) {
        HeapProfiler p = obs.profiler;
        long bytes = obs.sampling()
                ? Math.min(CacheEvents.NO_BYTE_EVENT, p.nextInterval(tc.counters().samples(p::newStream)))
                : CacheEvents.NO_BYTE_EVENT;
        tc.counters().profiled(obs.sampling());
        tc.rearm(calls, bytes);
    }

    /**
     * A sampled allocation of class {@code c} through the cache {@code tc}, served straight from
     * its arena and recorded: a small class promoted to a run of the smallest large class (as
     * jemalloc promotes sampled objects; {@link Arena#mallocSampleRun}), a large class as a large
     * block of its own.
     */
    long allocate(ThreadCache tc, int c, long request) {
        long usable = classes.sizeOf(c);
        Arena arena = tc.arena();
        Extent e;
        if (c < smallCount) {
            e = arena.mallocSampleRun(request);
        } else {
            HugeAllocationEvent huge = obs.hugeStart(usable);
            e = arena.mallocLarge(c, usable, classes.pageSize(), request);
            obs.hugeEnd(huge, request, e.size, e.base, arena.index);
        }
        if (marks) {
            FreeMarks.clear(e.base);
        }
        tc.counters().directAlloc(usable);
        record(e, c, usable);
        return e.base;
    }

    /**
     * Records the block {@code e} as a sample of a request of class {@code c} ({@code usable}
     * bytes): a promoted run as it is (the page index never had it), a large block taken out of the
     * page index when its class is cached, so that its free comes to the slow path.
     */
    void record(Extent e, int c, long usable) {
        boolean promoted = e.sample == Extent.PROMOTED_SAMPLE;
        if (!promoted) {
            if (c < cachedClasses) {
                PageIndex.clear(e.base, e.size);
            }
            e.sample = Extent.SAMPLE;
        }
        obs.sampled(e.base, usable, c, promoted || c < cachedClasses);
    }
}
