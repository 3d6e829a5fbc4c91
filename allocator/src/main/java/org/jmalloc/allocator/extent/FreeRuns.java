package org.jmalloc.allocator.extent;

import org.jmalloc.allocator.sync.SpinThenParkLock;

/**
 * The mechanics of one arena's free runs, under which {@link PageAllocator} sets its policy: cutting
 * a run of a size out of a free one ({@link #takeBest}, {@link #takeAnySize}), and putting a run
 * back, merged with its free neighbours of the same state ({@link #insertFree}), including a
 * neighbour that another arena holds ({@link PagePeers}). Also the counts those moves keep: bytes
 * active and bytes mapped by the arena, runs taken from and given to other arenas.
 *
 * <p>Invariants (with {@link PageAllocator}'s): a free run is in exactly the set of its state;
 * {@code activeBytes + free bytes == mappedHere}; a free run's first and last page map to it.
 * Not thread-safe: every method requires {@link #lock}.
 */
abstract sealed class FreeRuns permits DecayingRuns {

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
        this.pool = new ExtentPool(arena, peers == null ? null : peers.depot());
    }

    /** The index of the arena these pages belong to. */
    public final int arenaIndex() {
        return arena;
    }

    /** Called after runs of {@code state} were taken out of the free sets (for the decay curve). */
    abstract void tookFrom(byte state);

    /** The bytes a run must have to give {@code size} bytes at {@code alignment} (a page, or more). */
    final long need(long size, long alignment) {
        return alignment > pageSize ? size + alignment - pageSize : size;
    }

    /**
     * A free run of {@code state} cut to exactly {@code size} bytes at a multiple of {@code alignment}
     * (the cut-off head and tail stay free), or null: by size class ({@link ExtentSets#bestFit}),
     * however much larger than the request (no reuse cap: {@link #takeBest} applies that).
     */
    final Extent takeAnySize(byte state, long size, long alignment) {
        Extent e = free.bestFit(state, need(size, alignment), Long.MAX_VALUE);
        return e == null ? null : cut(e, state, size, alignment);
    }

    /**
     * The best fit over every free state: the run of the smallest size class that fits (within the
     * reuse cap), dirty before muzzy before retained when their classes are equal, cut as
     * {@link #takeAnySize} does; or null.
     */
    final Extent takeBest(long size, long alignment) {
        long need = need(size, alignment);
        long maxFit = need > Long.MAX_VALUE >>> LG_MAX_REUSE_FIT ? Long.MAX_VALUE : need << LG_MAX_REUSE_FIT;
        Extent best = null;
        int bestBin = Integer.MAX_VALUE;
        for (byte state = Extent.DIRTY; state <= Extent.RETAINED; state++) {
            Extent e = free.bestFit(state, need, maxFit);
            if (e != null) {
                int bin = SizeBins.bin(e.size >>> lgPage);
                if (bin < bestBin) {
                    best = e;
                    bestBin = bin;
                }
            }
        }
        return best == null ? null : cut(best, best.state, size, alignment);
    }

    /**
     * The lowest-address free run of {@code state} with at least {@code room} bytes, cut to its first
     * {@code size} bytes (page-aligned; the tail stays free), or null: address-ordered first fit, with
     * no reuse cap, for a block that is expected to grow into the pages after it.
     */
    final Extent takeLowest(byte state, long size, long room) {
        Extent e = free.firstFit(state, room);
        return e == null ? null : cut(e, state, size, pageSize);
    }

    /**
     * A page-aligned run of {@code size} bytes made of adjacent free runs of different states (a
     * dirty run beside a retained or muzzy one: runs of one state never touch), the lowest-address
     * chain that is long enough, or null. Free runs of different states do not coalesce (their
     * pages differ: resident, lazily freed, given back), so a hole that is half dirty and half
     * retained serves neither half's requests; this is the last try before mapping more. The run
     * is not known to be zero, and is labelled retained when part of it was (its activation makes
     * pages resident again, as a retained run's does). O(free runs): only on the way to a mapping.
     * Lock held.
     */
    final Extent takeSpanning(long size) {
        Extent start = null;
        boolean startRetained = false;
        for (byte state = Extent.DIRTY; state <= Extent.RETAINED; state++) {
            for (Extent x = free.oldest(state); x != null; x = x.newer) {
                if (start != null && x.base >= start.base) {
                    continue;
                }
                long have = x.size;
                boolean retained = state == Extent.RETAINED;
                for (long at = x.end(); have < size; ) {
                    Extent n = map.get(at);
                    // Another arena's run is read without its lock (absorbAfter claims it and checks again).
                    long nSize = n == null ? 0 : n.size;
                    if (n == null || n == x || n.base != at || n.state < Extent.DIRTY || nSize <= 0) {
                        break;
                    }
                    retained |= n.state == Extent.RETAINED;
                    have += nSize;
                    at += nSize;
                }
                if (have >= size) {
                    start = x;
                    startRetained = retained;
                }
            }
        }
        if (start == null) {
            return null;
        }
        byte state = start.state;
        free.remove(start);
        if (start.size > size) {
            splitFreeTail(start, size, state);
        } else if (start.size < size && !absorbAfter(start, size - start.size)) {
            free.add(start); // another arena's run on the way was busy or changed: all as it was
            return null;
        }
        tookFrom(state);
        start.zeroed = false;
        if (startRetained) {
            start.state = Extent.RETAINED; // so that its activation counts as growth (the dirty cap)
        }
        return start;
    }

    /**
     * Cuts {@code size} bytes at {@code alignment} out of the free run {@code e} of {@code state}
     * and returns them, unlinked (the cut-off head and tail stay free). When the run is already
     * aligned and longer than the cut, the common case, its record stays in its set trimmed at the
     * front ({@link ExtentSets#trimFront}) and the cut gets a new record: no remove and insert.
     */
    private Extent cut(Extent e, byte state, long size, long alignment) {
        long aligned = (e.base + alignment - 1) & -alignment;
        Extent taken;
        if (aligned == e.base && e.size > size) {
            taken = piece(e, e.base, size, state);
            free.trimFront(e, size);
            map.set(e.base, e);
        } else {
            free.remove(e);
            if (aligned > e.base) {
                Extent head = piece(e, e.base, aligned - e.base, state);
                e.base = aligned;
                e.size -= head.size;
                linkFree(head);
            }
            if (e.size > size) {
                splitFreeTail(e, size, state);
            }
            taken = e;
        }
        tookFrom(state);
        if (state == Extent.MUZZY) {
            taken.zeroed = false;
        }
        return taken;
    }

    /**
     * Cuts {@code e} (unlinked) to its first {@code keep} bytes; the rest becomes a free extent of
     * {@code state}, linked without coalescing (its neighbours are {@code e} and what {@code e}
     * already bordered, which a free set never holds adjacent).
     */
    final void splitFreeTail(Extent e, long keep, byte state) {
        Extent tail = piece(e, e.base + keep, e.size - keep, state);
        e.size = keep;
        linkFree(tail);
    }

    /** A new record for {@code [base, base + size)}, a piece of the run {@code of}, in {@code state}. */
    private Extent piece(Extent of, long base, long size, byte state) {
        Extent p = pool.obtain();
        p.base = base;
        p.size = size;
        p.state = state;
        p.zeroed = of.zeroed;
        return p;
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
            // state may come from a read without the owner's lock: it must be a free state as well.
            if (x.arena != owner.arena || x.state != state || state < Extent.DIRTY) {
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

    /**
     * Extends the active run {@code e} by the {@code more} bytes after it when they are all free:
     * the free runs from {@code e.end()} on, whatever their state, are taken out of their sets, the
     * last one cut at the new end (its tail stays free in its state), and {@code e.size} grows;
     * the caller registers the new boundary and counts the bytes as active. When the bytes are not
     * all free (an active run, a gap, a busy arena's run), nothing changes and this returns false.
     *
     * <p>Free runs of one state never touch, but runs of different states do: a block freed beside
     * the untouched rest of a mapping leaves {@code dirty | retained}, and one purged in pieces
     * {@code dirty | muzzy | retained}. So the pages after a block are a chain of runs, one per state
     * change, and growth takes as many links as it needs (jemalloc's {@code extent_expand} looks at
     * one neighbour per state, and moves the block when the pages are split between states).
     * First a walk checks the whole range without changing anything (claiming a neighbour another
     * arena holds only moves that free run into this arena's sets), then the range is taken.
     */
    final boolean absorbAfter(Extent e, long more) {
        long target = e.end() + more;
        for (long at = e.end(); at < target; ) {
            Extent n = map.get(at);
            // A free neighbour of another arena is claimed before its fields are trusted; then
            // it is this arena's and is checked again under this arena's lock.
            byte seen = n == null ? Extent.UNUSED : n.state; // read once: it may change until claimed
            if (n == null || n == e || n.base != at || seen < Extent.DIRTY
                    || n.arena != arena && !claim(n, seen) || n.base != at || n.state < Extent.DIRTY) {
                return false;
            }
            at = n.end();
        }
        for (long at = e.end(); at < target; ) {
            Extent n = map.get(at);
            byte state = n.state;
            if (n.end() > target) {
                free.trimFront(n, target - n.base); // the last run keeps its record, trimmed
                map.set(n.base, n);
                at = target;
            } else {
                free.remove(n);
                at = n.end();
                pool.recycle(n);
            }
            tookFrom(state);
        }
        e.size += more;
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
