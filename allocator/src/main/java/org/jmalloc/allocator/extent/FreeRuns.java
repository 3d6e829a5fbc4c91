package org.jmalloc.allocator.extent;

import org.jmalloc.allocator.sync.SpinThenParkLock;

/**
 * The mechanics of one arena's free runs, under which {@link PageAllocator} sets its policy: cutting
 * a run of a size out of a free one ({@link #take}), and putting a run back, merged with its free
 * neighbours of the same state ({@link #insertFree}), including a neighbour that another arena
 * holds ({@link PagePeers}). Also the counts those moves keep: bytes active and bytes mapped by the
 * arena, runs taken from and given to other arenas.
 *
 * <p>Invariants (with {@link PageAllocator}'s): a free run is in exactly the set of its state;
 * {@code activeBytes + free bytes == mappedHere}; a free run's first and last page map to it.
 * Not thread-safe: every method requires {@link #lock}.
 */
abstract sealed class FreeRuns permits PageAllocator {

    /** A reused dirty or muzzy run is at most {@code 2^6} times the request (jemalloc's default). */
    static final int LG_MAX_REUSE_FIT = 6;

    public final SpinThenParkLock lock = new SpinThenParkLock();
    final int arena;
    final long pageSize;
    final int lgPage;
    final AddressMap map;
    final ExtentSets free;
    final ExtentPool pool;
    /** The other arenas' page allocators, or null when this one is alone (tests). */
    final PagePeers peers;

    long activeBytes;
    long mappedHere;
    /** Free runs this arena took from other arenas, and gave to them. */
    long received;
    long given;

    FreeRuns(int arena, long pageSize, AddressMap map, PagePeers peers) {
        this.arena = arena;
        this.pageSize = pageSize;
        this.lgPage = Long.numberOfTrailingZeros(pageSize);
        this.map = map;
        this.peers = peers;
        this.free = new ExtentSets(lgPage);
        this.pool = new ExtentPool(arena);
    }

    /** The index of the arena these pages belong to. */
    public final int arenaIndex() {
        return arena;
    }

    /** Called after runs of {@code state} were taken out of the free sets (for the decay curve). */
    abstract void tookFrom(byte state);

    /** {@link #take(byte, long, long, long)} with the reuse cap of {@code 2^LG_MAX_REUSE_FIT} times the need. */
    final Extent take(byte state, long size, long alignment) {
        long need = alignment > pageSize ? size + alignment - pageSize : size;
        return take(state, size, alignment,
                need > Long.MAX_VALUE >>> LG_MAX_REUSE_FIT ? Long.MAX_VALUE : need << LG_MAX_REUSE_FIT);
    }

    /**
     * A free run of {@code state} cut to exactly {@code size} bytes at a multiple of {@code alignment}
     * (the cut-off head and tail stay free), or null: retained runs by lowest address, dirty and muzzy
     * ones by size class ({@link ExtentSets#bestFit}) and at most {@code maxFit} bytes before the cut.
     */
    final Extent take(byte state, long size, long alignment, long maxFit) {
        long need = alignment > pageSize ? size + alignment - pageSize : size;
        Extent e = state == Extent.RETAINED ? free.firstFit(state, need) : free.bestFit(state, need, maxFit);
        if (e == null) {
            return null;
        }
        free.remove(e);
        long aligned = (e.base + alignment - 1) & -alignment;
        if (aligned > e.base) {
            Extent head = pool.obtain();
            head.base = e.base;
            head.size = aligned - e.base;
            head.state = state;
            head.zeroed = e.zeroed;
            e.base = aligned;
            e.size -= head.size;
            linkFree(head);
        }
        if (e.size > size) {
            splitFreeTail(e, size, state);
        }
        tookFrom(state);
        if (state == Extent.MUZZY) {
            e.zeroed = false;
        }
        return e;
    }

    /**
     * Cuts {@code e} (unlinked) to its first {@code keep} bytes; the rest becomes a free extent of
     * {@code state}, linked without coalescing (its neighbours are {@code e} and what {@code e}
     * already bordered, which a free set never holds adjacent).
     */
    final void splitFreeTail(Extent e, long keep, byte state) {
        Extent tail = pool.obtain();
        tail.base = e.base + keep;
        tail.size = e.size - keep;
        tail.state = state;
        tail.zeroed = e.zeroed;
        e.size = keep;
        linkFree(tail);
    }

    final void insertFree(Extent e, byte state) {
        e.state = state;
        e.arena = arena;
        if (e.base >= pageSize) {
            Extent p = map.get(e.base - 1);
            // Adjacency is tested before a claim (racy when p is another arena's) and after it.
            if (p != null && p != e && p.end() == e.base && mergeable(p, state) && p.end() == e.base) {
                free.remove(p);
                e.base = p.base;
                e.size += p.size;
                e.zeroed &= p.zeroed;
                pool.recycle(p);
            }
        }
        Extent n = map.get(e.end());
        if (n != null && n != e && n.base == e.end() && mergeable(n, state) && n.base == e.end()) {
            free.remove(n);
            e.size += n.size;
            e.zeroed &= n.zeroed;
            pool.recycle(n);
        }
        linkFree(e);
    }

    /**
     * Whether {@code x}, found next to a run being freed, is a free run of {@code state} in this
     * arena's sets, after claiming it from the arena that holds it when that is another one. The
     * caller checks adjacency afterwards: a claimed run is this arena's and cannot change meanwhile.
     */
    private boolean mergeable(Extent x, byte state) {
        return x.state == state && (x.arena == arena || claim(x, state));
    }

    /**
     * Takes a free neighbour {@code x} of {@code state} that another arena holds into this arena's
     * sets, so the caller can merge it; only when that arena's lock is free at once (this arena's is
     * held). The neighbour's fields were read without its owner's lock: they are checked again under
     * it, and a neighbour that changed meanwhile is left alone.
     *
     * <p>The run becomes this arena's ({@link #adopt}) before the owner's lock is released: once
     * out of the owner's sets it must not name the owner any more, or a thread of the owner that
     * finds it next to a run it frees would take it for one of its own free runs and remove it from
     * sets it is no longer in. Named this arena, it is guarded by this arena's lock, which the
     * caller holds.
     */
    private boolean claim(Extent x, byte state) {
        PageAllocator owner = peers == null ? null : peers.owner(x.arena);
        if (owner == null || owner == this || !owner.lock.tryLock()) {
            return false;
        }
        try {
            if (x.arena != owner.arena || x.state != state) {
                return false;
            }
            owner.free.remove(x);
            owner.mappedHere -= x.size;
            owner.given++;
            owner.tookFrom(state);
            adopt(x);
        } finally {
            owner.lock.unlock();
        }
        free.add(x);
        return true;
    }

    final void linkFree(Extent e) {
        e.arena = arena;
        map.setBoundary(e);
        free.add(e);
    }

    /** Counts a run handed over by another arena as this arena's. Lock held. */
    final void adopt(Extent e) {
        e.arena = arena;
        mappedHere += e.size;
        received++;
    }
}
