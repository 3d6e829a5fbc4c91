package org.jmalloc.allocator.extent;

/**
 * The page allocators of one allocator's arenas, so that an arena reuses the free runs of the
 * others before it maps more memory (reuse before growth), and merges a freed run with a free
 * neighbour that another arena holds.
 *
 * <h2>Why</h2>
 * Arenas keep their free runs apart so that threads of different arenas never share a page lock.
 * But a run freed by a thread of arena B, or freed in arena A while B is the one growing, used to
 * be out of B's reach: every arena grew to its own peak and kept it, and two threads that free
 * each other's blocks mapped twice their peak of live bytes and kept it ({@code AddressSpaceReuseTest}). Runs now
 * move between arenas when one needs them: an arena that finds nothing of its own asks the others
 * (their best fit within the reuse cap, then any run that fits) before it maps.
 *
 * <h2>Concurrency</h2>
 * A run moves by being taken out of its owner's sets under the owner's lock, marked as belonging
 * to no arena ({@code arena = -1}, so no arena's coalescing touches it), and taken into the
 * receiver's under the receiver's lock: never two page locks held at once while waiting. A page
 * allocator that holds its own lock (or a bin's) only ever <em>tries</em> another arena's lock
 * ({@code tryLock}), so no cycle can form with the stats snapshot, which holds every lock; an
 * arena that is busy is skipped. Only the limit reclaim, which holds no lock, waits for one.
 * Registration ({@link #join}) happens while the allocator is built, before any other thread sees
 * it.
 */
public final class PagePeers {

    /** Which free runs a donation may take. */
    public enum Kind {
        /** The best fit over every free state within the reuse cap ({@link FreeRuns#takeBest}). */
        BEST_FIT,
        /** A run the reuse cap passed over, or one pieced from adjacent runs ({@link PageAllocator#takeUnfit}). */
        UNFIT,
        /** Any free run, dirty first, of any size (the limit reclaim). */
        ANY
    }

    private final PageAllocator[] all;
    /** The spare extent records the arenas share. */
    private final ExtentDepot depot = new ExtentDepot();

    /** Room for {@code arenas} page allocators, numbered by their arena index. */
    public PagePeers(int arenas) {
        this.all = new PageAllocator[arenas];
    }

    /** The spare extent records the arenas share. */
    ExtentDepot depot() {
        return depot;
    }

    /** Registers the page allocator of arena {@code index} (the allocator's constructor does). */
    void join(int index, PageAllocator pages) {
        if (all[index] != null) {
            throw new IllegalStateException("arena " + index + " already has a page allocator");
        }
        all[index] = pages;
    }

    /** The page allocator of arena {@code index}, or null when there is none (no such arena). */
    PageAllocator owner(int index) {
        return index >= 0 && index < all.length ? all[index] : null;
    }

    /** Whether there is any other arena to ask. */
    boolean alone() {
        return all.length < 2;
    }

    /**
     * Applies the dirty cap ({@link DecayingRuns#capDirty}) to every arena but {@code asker} whose
     * page lock is free at once (the caller holds its own: only tried, never waited for).
     */
    void capDirtyOfOthers(PageAllocator asker) {
        for (PageAllocator other : all) {
            if (other != null && other != asker && other.lock.tryLock()) {
                try {
                    other.capDirty();
                } finally {
                    other.lock.unlock();
                }
            }
        }
    }

    /**
     * A free run of exactly {@code size} bytes aligned to {@code alignment} taken from another
     * arena than {@code asker}'s, handed between arenas ({@code arena = -1}, in no set): the caller
     * takes it in ({@link PageAllocator#receive}) or activates it. Arenas are asked in turn starting
     * after the asker's, so askers spread over donors.
     *
     * @param wait whether to wait for a busy arena's lock (only with no page or bin lock held)
     * @return the run, or null when no other arena has one (or, without {@code wait}, when those that
     *     have one are busy)
     */
    public Extent donate(PageAllocator asker, long size, long alignment, Kind kind, boolean wait) {
        int n = all.length;
        for (int i = 1; i < n; i++) {
            PageAllocator donor = all[(asker.arenaIndex() + i) % n];
            Extent e = donor == null || donor == asker ? null : donor.giveAway(size, alignment, kind, wait);
            if (e != null) {
                return e;
            }
        }
        return null;
    }
}
