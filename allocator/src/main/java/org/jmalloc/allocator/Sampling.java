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
 * the page index does not know (when its class is thread-cached), so that its free comes to the
 * slow path, which sees it and releases the sample.
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
     * A sampled allocation of class {@code c} through the cache {@code tc}: served as a large block
     * straight from its arena (a small class promoted to the smallest large class, as jemalloc
     * promotes sampled objects) and recorded.
     */
    long allocate(ThreadCache tc, int c, long request) {
        long usable = classes.sizeOf(c);
        int served = Math.max(c, smallCount);
        Arena arena = tc.arena();
        HugeAllocationEvent huge = obs.hugeStart(classes.sizeOf(served));
        Extent e = arena.mallocLarge(served, classes.sizeOf(served), classes.pageSize(), request);
        obs.hugeEnd(huge, request, e.size, e.base, arena.index);
        if (marks) {
            FreeMarks.clear(e.base);
        }
        tc.counters().directAlloc(usable);
        record(e, served, c, usable);
        return e.base;
    }

    /**
     * Records the large block {@code e} of class {@code served} as a sample of a request of class
     * {@code c} ({@code usable} bytes), taking it out of the page index when its class is cached.
     */
    void record(Extent e, int served, int c, long usable) {
        if (served < cachedClasses) {
            PageIndex.clear(e.base, e.size); // its free must come to the slow path
        }
        obs.sampled(e.base, usable, c, served < cachedClasses || served != c);
    }
}
