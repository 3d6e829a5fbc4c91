package org.jmalloc.allocator;

import org.jmalloc.allocator.arena.Arena;
import org.jmalloc.allocator.extent.Extent;
import org.jmalloc.allocator.extent.MappedMemory;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.jmalloc.allocator.tcache.CacheEvents;
import org.jmalloc.allocator.tcache.CacheRegistry;
import org.jmalloc.allocator.tcache.CacheSlots;
import org.jmalloc.allocator.tcache.ThreadCache;
import org.jmalloc.allocator.telemetry.HugeAllocationEvent;

/**
 * Large blocks straight from the caller's arena, past the thread cache, for the three calls that
 * need a particular run rather than any block of the class: {@code calloc} (a run fresh from the
 * OS needs no zero fill), {@code alignedAlloc} beyond a page, and the new block of a growing
 * {@code realloc} (placed where it can grow in place next time). Each one may be a guarded block,
 * fires the huge-allocation event, retries once past the {@code maxBytes} limit, counts in the
 * caller's {@code thread.allocated} and may be the one the heap profiler samples.
 */
final class LargeDirect {

    private final SlowPaths slow;
    private final SizeClasses classes;
    private final boolean marks;
    private final CacheRegistry registry;
    private final Observability obs;
    private final Sampling sampling;
    /** Guard pages around every Nth large block, or null. */
    private final GuardedBlocks guards;

    LargeDirect(SlowPaths slow, SizeClasses classes, boolean marks, CacheRegistry registry, Observability obs,
                Sampling sampling, GuardedBlocks guards) {
        this.slow = slow;
        this.classes = classes;
        this.marks = marks;
        this.registry = registry;
        this.obs = obs;
        this.sampling = sampling;
        this.guards = guards;
    }

    /** {@code calloc} of large class {@code c}: {@code total} zero bytes, filled only when the run was used before. */
    long zeroed(int c, long total) {
        Extent e = allocate(c, classes.pageSize(), total, false);
        boolean zero = e.zeroed;
        e.zeroed = false;
        if (!zero) {
            RawMemory.zero(e.base, total);
        }
        return e.base;
    }

    /** A block of large class {@code c} aligned to {@code alignment} (above a page). */
    long aligned(int c, long alignment, long request) {
        Extent e = allocate(c, alignment, request, false);
        e.zeroed = false;
        if (marks) {
            FreeMarks.clear(e.base); // a reused block may still carry its last free mark
        }
        return e.base;
    }

    /**
     * The new block of a realloc that grows into large class {@code c}: placed where it can grow
     * in place at its next realloc ({@link Arena#mallocLargeToGrow}), counted as a slow malloc.
     */
    long toGrow(int c, long request) {
        slow.work.mallocSlow.increment();
        long address = allocate(c, classes.pageSize(), request, true).base;
        if (marks) {
            FreeMarks.clear(address); // a reused run may still carry its last free mark
        }
        return address;
    }

    /** One large run from the caller's arena, placed for growth when {@code toGrow} (page alignment only). */
    private Extent allocate(int c, long alignment, long request, boolean toGrow) {
        Arena arena = slow.arenaOfCaller();
        long usable = classes.sizeOf(c);
        HugeAllocationEvent huge = obs.hugeStart(usable);
        Extent e;
        try {
            try {
                e = guards != null && alignment <= classes.pageSize() && guards.due()
                        ? guards.allocate(c, usable, arena.index, request)
                        : from(arena, c, usable, alignment, request, toGrow);
            } catch (MappedMemory.LimitExceeded limit) {
                slow.reclaim.reclaimFor(c, alignment, arena);
                e = from(arena, c, usable, alignment, request, toGrow);
            }
        } catch (OutOfMemoryError oom) {
            throw slow.failed(request, oom);
        }
        obs.hugeEnd(huge, request, usable, e.base, arena.index);
        ThreadCache tc = registry.local();
        SlowPaths.countRequest(tc, arena, c);
        if (tc != null) {
            boolean due = tc.countSlow(usable);
            if (due) {
                sampling.rearm(tc, Math.max(1, CacheEvents.callsLeft(tc.slots()[CacheSlots.TICKS])));
            }
            SlowPaths.direct(tc, usable);
            if (due && obs.sampling()) {
                sampling.record(e, c, usable);
            }
        }
        return e;
    }

    private static Extent from(Arena arena, int c, long usable, long alignment, long request, boolean toGrow) {
        return toGrow ? arena.mallocLargeToGrow(c, usable, request) : arena.mallocLarge(c, usable, alignment, request);
    }
}
