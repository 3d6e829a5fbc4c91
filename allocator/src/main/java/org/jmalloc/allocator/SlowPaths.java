package org.jmalloc.allocator;

import org.jmalloc.allocator.arena.Arena;
import org.jmalloc.allocator.extent.BlockErrors;
import org.jmalloc.allocator.extent.Extent;
import org.jmalloc.allocator.extent.MappedMemory;
import org.jmalloc.allocator.prof.Sample;
import org.jmalloc.allocator.telemetry.HugeAllocationEvent;
import org.jmalloc.allocator.tcache.CacheEvents;
import org.jmalloc.allocator.tcache.CacheSlots;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.jmalloc.allocator.tcache.CacheRegistry;
import org.jmalloc.allocator.tcache.ThreadCache;

/**
 * Everything the fast paths in {@link Allocator} send on — a thread-cache miss or overflow, a
 * class the cache does not keep, a thread without a cache of its own, a block that fails a
 * fast-path check — and the calls that have no fast path ({@code calloc}, {@code alignedAlloc}
 * beyond 16 bytes, {@code realloc}). Each call first checks the allocator is open and its
 * arguments are valid, then finds the caller's cache: its own (bound on its first call), a shared
 * one claimed for the call (virtual threads), or none (all shared caches busy: straight to the
 * caller's arena).
 *
 * <p>Not final: {@link CheckedPaths} overrides the calls to add the safety options and the
 * listener, and {@link OverlapFault} overrides {@link #allocateWith} and {@link #freeWith}, the
 * two points where a test fault acts, so the production paths carry no branch for either.
 */
class SlowPaths {

    final SizeClasses classes;
    final int smallCount;
    private final long secret;
    private final boolean marks;
    private final Arena[] arenas;
    private final CacheRegistry registry;
    final BlockDiagnostics diagnostics;
    /** Flush, purge and the limit reclaim. */
    final Reclaim reclaim;
    final WorkCounters work = new WorkCounters();
    final Observability obs;
    private final Sampling sampling;
    /** Guard pages around every Nth large block, or null. */
    private final GuardedBlocks guards;
    /** Large blocks past the thread cache: zeroed, over-aligned and growing ones. */
    private final LargeDirect large;
    /** Set by {@link #close()}; every public call checks it first. */
    private volatile boolean closed;

    SlowPaths(SizeClasses classes, long secret, boolean marks, Arena[] arenas, CacheRegistry registry,
              BlockDiagnostics diagnostics, MappedMemory memory, Observability obs, int cachedClasses,
              GuardedBlocks guards) {
        this.classes = classes;
        this.smallCount = classes.smallCount();
        this.secret = secret;
        this.marks = marks;
        this.arenas = arenas;
        this.registry = registry;
        this.diagnostics = diagnostics;
        this.reclaim = new Reclaim(classes, arenas, registry, memory);
        this.obs = obs;
        this.sampling = new Sampling(classes, cachedClasses, marks, obs);
        this.guards = guards;
        this.large = new LargeDirect(this, classes, marks, registry, obs, sampling, guards);
    }

    /** @throws IllegalStateException once the allocator is closed */
    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("allocator is closed");
        }
    }

    /** Marks the allocator closed; calls that check afterwards throw. */
    void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    // ---- allocation ---------------------------------------------------------------------------

    long malloc(long size) {
        work.mallocSlow.increment();
        checkOpen();
        RequestChecks.checkSize(size);
        return allocateClass(classes.indexOf(size), size);
    }

    /**
     * Allocates one block of class {@code c}; when the {@code maxBytes} limit stops it, reclaims
     * unused memory ({@link Reclaim#reclaimFor}) and tries once more.
     */
    long allocateClass(int c, long request) {
        try {
            try {
                return allocateClassOnce(c, request);
            } catch (MappedMemory.LimitExceeded limit) {
                reclaim.reclaimFor(c, classes.pageSize(), arenaOfCaller());
                return allocateClassOnce(c, request);
            }
        } catch (OutOfMemoryError oom) {
            throw failed(request, oom);
        }
    }

    /**
     * The error the application gets for a request that failed, reported to telemetry: the
     * limit's stackless signal ({@link MappedMemory.LimitExceeded}) becomes an
     * {@link OutOfMemoryError} with the caller's stack and the same message.
     */
    OutOfMemoryError failed(long request, OutOfMemoryError oom) {
        OutOfMemoryError e = oom instanceof MappedMemory.LimitExceeded ? new OutOfMemoryError(oom.getMessage()) : oom;
        obs.outOfMemory(request, e);
        return e;
    }

    private long allocateClassOnce(int c, long request) {
        ThreadCache tc = ownCache();
        long address;
        if (tc != null) {
            address = allocateCounted(tc, c, request);
        } else {
            int slot = registry.acquireShared();
            if (slot >= 0) {
                try {
                    address = allocateCounted(registry.shared(slot), c, request);
                } finally {
                    registry.releaseShared(slot);
                }
            } else {
                Arena arena = registry.arenaForUncached();
                address = allocateWith(null, arena, c, request);
                arena.countRequests(c, 1);
            }
        }
        if (marks) {
            FreeMarks.clear(address);
        }
        return address;
    }

    /**
     * An allocation through the cache {@code tc}, counted in its event word
     * ({@code thread.allocated}); sampled for the heap profile when it crosses the byte budget.
     */
    private long allocateCounted(ThreadCache tc, int c, long request) {
        long usable = classes.sizeOf(c);
        long word = tc.slots()[CacheSlots.TICKS];
        boolean crosses = CacheEvents.bytesLeft(word) < usable; // this allocation holds the sampled byte
        long address = crosses && obs.sampling() ? sampling.allocate(tc, c, request)
                : allocateWith(tc, tc.arena(), c, request);
        tc.countSlow(usable); // counted once it succeeded
        tc.countRequest(c);
        if (crosses || obs.sampling() != tc.counters().profiled()) {
            sampling.rearm(tc, Math.max(1, CacheEvents.callsLeft(word)));
        }
        return address;
    }

    /**
     * The fast path's event ({@link CacheEvents}): the GC step is due, or this malloc of class
     * {@code c} crossed the byte budget (a sample is due). The fast path has counted the malloc
     * and found the class's stack non-empty; this pops it (or serves the sample) instead.
     */
    long cacheEvent(long[] slots, int c) {
        ThreadCache tc = registry.local();
        if (tc == null || tc.slots() != slots) {
            throw new IllegalStateException("a thread handle used by a thread other than the one that created it");
        }
        long word = slots[CacheSlots.TICKS];
        boolean gc = CacheEvents.callsLeft(word) <= 0;
        boolean due = CacheEvents.bytesLeft(word) < 0;
        if (gc) {
            tc.gcEvent();
        }
        sampling.rearm(tc, gc ? ThreadCache.GC_INTERVAL : CacheEvents.callsLeft(word));
        if (due && obs.sampling()) {
            try {
                // Counted as a pop by the fast path: the sample is served directly instead.
                long sampled = sampling.allocate(tc, c, classes.sizeOf(c));
                tc.countRequest(c);
                return sampled;
            } catch (OutOfMemoryError noRoom) {
                // No page run for the sample: the cached block serves the call, unsampled.
            }
        }
        long address = tc.pop(c); // the GC step may have emptied the stack
        if (address == 0) {
            address = c < smallCount ? tc.refillAndPop(c) : directLarge(tc, c);
        }
        tc.countRequest(c); // the fast path returned before counting the request
        if (marks) {
            FreeMarks.clear(address);
        }
        return address;
    }

    private long directLarge(ThreadCache tc, int c) {
        long address = tc.arena().mallocLarge(c, classes.sizeOf(c), classes.pageSize(), classes.sizeOf(c)).base;
        tc.counters().directAlloc(classes.sizeOf(c));
        return address;
    }

    /** One block of class {@code c} from the cache {@code tc} (null: none) or its arena. */
    long allocateWith(ThreadCache tc, Arena arena, int c, long request) {
        boolean cached = tc != null && tc.caches(c);
        long address = cached ? tc.pop(c) : 0;
        if (address != 0) {
            tc.countSlowHit();
            return address;
        }
        if (c >= smallCount) {
            long usable = classes.sizeOf(c);
            HugeAllocationEvent huge = obs.hugeStart(usable);
            address = (guards != null && guards.due() ? guards.allocate(c, usable, arena.index, request)
                    : arena.mallocLarge(c, usable, classes.pageSize(), request)).base;
            obs.hugeEnd(huge, request, usable, address, arena.index);
            direct(tc, usable);
        } else if (cached) {
            address = tc.refillAndPop(c);
        } else {
            address = arena.mallocSmall(c);
            direct(tc, classes.sizeOf(c));
        }
        return address;
    }

    /** Counts an allocation that bypassed the stacks of {@code tc} (null: nothing to count). */
    static void direct(ThreadCache tc, long usable) {
        if (tc != null) {
            tc.counters().directAlloc(usable);
            tc.observePeak();
        }
    }

    /**
     * {@link Allocator#mallocUncached}: one block of the request's class from the caller's arena
     * without the thread cache (a small class from its bin's current slab), retried once past the
     * limit. Counted in the caller's {@code thread.allocated}; not sampled by the heap profiler.
     */
    long mallocUncached(long size) {
        work.mallocSlow.increment();
        checkOpen();
        RequestChecks.checkSize(size);
        int c = classes.indexOf(size);
        long address;
        try {
            try {
                address = allocateWith(null, arenaOfCaller(), c, size);
            } catch (MappedMemory.LimitExceeded limit) {
                reclaim.reclaimFor(c, classes.pageSize(), arenaOfCaller());
                address = allocateWith(null, arenaOfCaller(), c, size);
            }
        } catch (OutOfMemoryError oom) {
            throw failed(size, oom);
        }
        if (marks) {
            FreeMarks.clear(address); // a region back from a thread cache still carries its mark
        }
        direct(registry.local(), classes.sizeOf(c));
        countRequest(registry.local(), arenaOfCaller(), c);
        return address;
    }

    /**
     * Counts one allocation request of class {@code c} served by a slow path: in the caller's cache
     * {@code tc} (pending, as the fast path counts), or in {@code arena} when the caller has none.
     */
    static void countRequest(ThreadCache tc, Arena arena, int c) {
        if (tc != null) {
            tc.countRequest(c);
        } else {
            arena.countRequests(c, 1);
        }
    }

    long calloc(long count, long size) {
        checkOpen();
        long total = RequestChecks.checkCalloc(count, size);
        int c = classes.indexOf(total);
        if (c < smallCount) {
            long address = allocateClass(c, total);
            RawMemory.zero(address, total);
            return address;
        }
        return large.zeroed(c, total);
    }

    /** {@code alignedAlloc} for an alignment above the quantum (arguments checked by the caller). */
    long alignedAlloc(long alignment, long size) {
        long page = classes.pageSize();
        if (alignment <= page) {
            // The smallest class that is a multiple of the alignment: slab regions start at
            // multiples of their size from a page-aligned base, large blocks are page-aligned.
            int c = classes.indexOf(Math.max(size, alignment));
            while (classes.sizeOf(c) % alignment != 0) {
                c++;
            }
            return allocateClass(c, size);
        }
        return large.aligned(classes.indexOf(Math.max(size, classes.smallMax() + 1)), alignment, size);
    }

    /** {@code usableSize}; see {@link Allocator#usableSize}. */
    long usableSize(long address) {
        checkOpen();
        Extent e = diagnostics.liveBlockAt(address, "usableSize");
        Sample sample = sampleAt(e, address);
        return sample != null ? sample.size() : BlockDiagnostics.usableSize(e); // a sample's run is not its class
    }

    /** {@link Allocator#shouldMove}: the hint of the block's bin, false for a large block. */
    boolean shouldMove(long address) {
        checkOpen();
        Extent e = diagnostics.liveBlockAt(address, "shouldMove");
        return e.slab && arenas[e.arena].shouldMove(e);
    }

    /** {@code realloc} of a block ({@code address != 0}); see {@link Allocator#realloc}. */
    long realloc(long address, long newSize) {
        RequestChecks.checkSize(newSize);
        Extent e = diagnostics.liveBlockAt(address, "realloc");
        Sample sample = sampleAt(e, address);
        long old = sample != null ? sample.size() : BlockDiagnostics.usableSize(e);
        int c = classes.indexOf(newSize);
        long usable = classes.sizeOf(c);
        // A sampled block always moves (its run is not its class's), and so does a guarded one.
        boolean movesAlways = sample != null || guards != null && !e.slab && guards.owns(e);
        if (!movesAlways && usable == old) {
            return address;
        }
        if (!movesAlways && !e.slab && c >= smallCount && arenas[e.arena].resizeLarge(e, c, usable)) {
            countRequest(registry.local(), arenas[e.arena], c); // an allocation of the new class, as jemalloc counts it
            return address;
        }
        long moved = c >= smallCount ? large.toGrow(c, newSize) : malloc(newSize);
        RawMemory.copy(address, moved, Math.min(old, newSize));
        // Checked live above, so freed without a second lookup. A large block that moved goes back to
        // its pages, not to a thread cache: cached, it would stay active where the block could not
        // grow, and the next growing buffer would get it back.
        work.freeSlow.increment();
        release(e, sample, address, e.slab);
        return moved;
    }

    // ---- deallocation -------------------------------------------------------------------------

    /**
     * Frees a block the fast path did not take.
     *
     * @param size the request size of a sized free, -1 for an unsized one
     */
    void free(long address, long size) {
        free(address, size, true);
    }

    /**
     * {@link Allocator#freeUncached}: the block goes straight back to its slab (or its pages), past
     * every thread cache, so the next {@link #mallocUncached} cannot get it back at once.
     */
    void freeUncached(long address) {
        free(address, -1, false);
    }

    /**
     * Frees a block through the caller's cache ({@code cached}) or straight to its arena.
     *
     * @param size the request size of a sized free, -1 for an unsized one
     */
    private void free(long address, long size, boolean cached) {
        work.freeSlow.increment();
        checkOpen();
        if (address == 0) {
            return;
        }
        Extent e = diagnostics.blockAt(address, "free");
        Sample sample = sampleAt(e, address);
        diagnostics.checkSizedFree(address, size, sample != null ? sample.sizeClass() : e.sizeClass);
        if (marks && FreeMarks.isMarked(address, secret)) {
            throw BlockErrors.doubleFree(address);
        }
        release(e, sample, address, cached);
    }

    /** Frees the checked live block {@code e} at {@code address} ({@code sample}: its sample or null). */
    private void release(Extent e, Sample sample, long address, boolean cached) {
        boolean guarded = guards != null && !e.slab && guards.owns(e);
        if (guarded || sample != null) {
            // Straight back, counted as a direct free: neither run is a cached block of its class.
            if (sample != null) {
                obs.profiler.release(address);
            }
            long usable = sample != null ? sample.size() : e.size;
            if (guarded) {
                guards.free(e);
            } else if (e.sample == Extent.PROMOTED_SAMPLE) {
                arenas[e.arena].freeSampleRun(e);
            } else {
                arenas[e.arena].freeLarge(e);
            }
            ThreadCache own = registry.local();
            if (own != null) {
                own.counters().directFree(usable);
            }
            return;
        }
        int c = e.sizeClass;
        if (!cached) {
            long usable = BlockDiagnostics.usableSize(e); // read first: a slab that empties is recycled
            freeWith(null, arenas[e.arena], e, address, c);
            ThreadCache own = registry.local();
            if (own != null) {
                own.counters().directFree(usable);
            }
            return;
        }
        ThreadCache tc = ownCache();
        if (tc != null) {
            freeWith(tc, arenas[e.arena], e, address, c);
            return;
        }
        int slot = registry.acquireShared();
        if (slot < 0) {
            freeWith(null, arenas[e.arena], e, address, c);
            return;
        }
        try {
            freeWith(registry.shared(slot), arenas[e.arena], e, address, c);
        } finally {
            registry.releaseShared(slot);
        }
    }

    /** The class the application asked for when it allocated the block {@code e} at {@code address}. */
    int askedClass(Extent e, long address) {
        Sample sample = sampleAt(e, address);
        return sample != null ? sample.sizeClass() : e.sizeClass;
    }

    /**
     * The heap profile's live sample of the block {@code e} at {@code address}, or null: a sampled
     * block is always a page run of its own, marked in its extent record, so the profiler is asked
     * only about samples.
     */
    private Sample sampleAt(Extent e, long address) {
        return e.sample == Extent.SAMPLE || e.sample == Extent.PROMOTED_SAMPLE ? obs.profiler.liveAt(address) : null;
    }

    /** Runs before the allocator closes, while it is still open (the checked paths drain their quarantine). */
    void beforeClose() {
    }

    /** Returns a checked block of class {@code c} to the cache {@code tc} (null: none) or its arena. */
    void freeWith(ThreadCache tc, Arena owner, Extent e, long address, int c) {
        if (tc != null && tc.caches(c)) {
            if (marks) {
                FreeMarks.mark(address, secret);
            }
            tc.push(c, address);
        } else if (e.slab) {
            long usable = e.regionSize; // read first: a slab that empties is recycled
            owner.freeSmall(e, address);
            if (tc != null) {
                tc.counters().directFree(usable);
            }
        } else {
            long usable = e.size;
            owner.freeLarge(e);
            if (tc != null) {
                tc.counters().directFree(usable);
            }
        }
    }

    // ---- caches -------------------------------------------------------------------------------

    /**
     * The calling platform thread's own cache, created and bound on its first call; null for a
     * virtual thread (which borrows a shared cache per call).
     */
    ThreadCache ownCache() {
        ThreadCache tc = registry.local();
        if (tc == null && !Thread.currentThread().isVirtual()) {
            tc = registry.bind();
            if (obs.sampling()) {
                sampling.rearm(tc, ThreadCache.GC_INTERVAL); // sample from the thread's first byte
            }
        }
        return tc;
    }

    /** The arena the caller allocates from: its cache's, or the one for uncached calls. */
    Arena arenaOfCaller() {
        ThreadCache tc = ownCache();
        return tc != null ? tc.arena() : registry.arenaForUncached();
    }
}
