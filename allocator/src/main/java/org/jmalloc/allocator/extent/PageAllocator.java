package org.jmalloc.allocator.extent;

/**
 * One arena's pages: hands out page runs for slabs and large blocks, takes them back, coalesces
 * them, and purges unused ones as they decay ({@link DecayingRuns}; jemalloc's {@code pac}). The
 * free runs are kept in {@link ExtentSets}, their records come from an {@link ExtentPool}.
 *
 * <h2>States</h2>
 * <pre>
 *            allocate                  release                  decay (MADV_FREE)
 *   ACTIVE &lt;──────────── DIRTY ◄─────────────── ACTIVE      DIRTY ──────────────► MUZZY
 *      ▲   &lt;──────────── MUZZY                              DIRTY/MUZZY ─(MADV_DONTNEED)─► RETAINED
 *      └── &lt;──────────── RETAINED ◄── grow (mmap)
 * </pre>
 * <h2>Reuse before growth</h2>
 * A request is served by the best fit over this arena's free runs of every state ({@link #takeBest}:
 * the smallest size class that fits, its lowest address; dirty before muzzy before retained among
 * equals), never more than {@code 2^}{@value #LG_MAX_REUSE_FIT} times the request (jemalloc's
 * {@code lg_extent_max_active_fit}), so small requests do not carve up the large runs that large
 * requests need; then by the other arenas' best fit ({@link PagePeers}); then by a run the cap
 * passed over, ours then theirs ({@link #takeUnfit}: retained, dirty, muzzy, or one pieced from
 * adjacent runs of different states); and only then by mapping more (growing by a doubling step
 * from 4 MiB to {@value #MAX_GROW_MIB} MiB, or exactly the request when it is larger). A freed run
 * coalesces with free neighbours of the same state, taking a neighbour another arena holds when
 * that arena's lock is free.
 *
 * <p>Why the best fit spans the states: the dirty pages are capped ({@link #capDirty}), so most of
 * the free address space of a busy arena is retained. A policy that tried dirty runs first would
 * put a request in a poorly fitting dirty run while a run of its own size sat retained, and the
 * holes that leaves cost address space: on the two-thread workload of {@code AddressSpaceReuseTest}
 * dirty-first with the cap mapped about twice the address space of best fit over the states.
 *
 * <h2>Invariants</h2> (checked by {@code PageAllocatorTest})
 * <ul>
 *   <li>{@code activeBytes + dirty.bytes + muzzy.bytes + retained.bytes == bytes mapped by this arena};
 *   <li>no two free extents of the same state are adjacent (coalescing is eager);
 *   <li>every free extent's first and last page map to it in the {@link AddressMap}.
 * </ul>
 *
 * <h2>Concurrency</h2> Every public method takes {@link #lock}; bins call in while holding their own
 * lock (lock order: bin, then pages). Another arena's page lock is only tried ({@code tryLock})
 * while this one or a bin's is held, and waited for only by the limit reclaim, which holds none
 * ({@link PagePeers}). Purging calls madvise with the lock held: simple, and purges are rare and
 * batched by the decay curve.
 */
public final class PageAllocator extends DecayingRuns {

    private static final long MIN_GROW = 4L << 20;
    static final int MAX_GROW_MIB = 32;
    private static final long MAX_GROW = (long) MAX_GROW_MIB << 20;

    private long growSize = MIN_GROW;

    /** A page allocator on its own, with no other arena to reuse runs from (tests). */
    public PageAllocator(int arena, long pageSize, MappedMemory memory, AddressMap map,
                         long dirtyDecayNanos, long muzzyDecayNanos) {
        this(arena, pageSize, memory, map, dirtyDecayNanos, muzzyDecayNanos, null);
    }

    /** A page allocator that joins {@code peers} as arena {@code arena}'s. */
    public PageAllocator(int arena, long pageSize, MappedMemory memory, AddressMap map,
                         long dirtyDecayNanos, long muzzyDecayNanos, PagePeers peers) {
        super(arena, pageSize, map, peers, memory, dirtyDecayNanos, muzzyDecayNanos);
        if (peers != null) {
            peers.join(arena, this);
        }
    }

    /**
     * Returns an active run of {@code size} bytes whose base is a multiple of {@code alignment},
     * registered in the address map at its first and last page. The caller sets its size class
     * and slab fields (and registers a slab's interior pages).
     *
     * @param size a multiple of the page size
     * @param alignment a power of two, at least the page size
     * @param request the application's request size, for error messages
     * @throws OutOfMemoryError when no memory can be mapped
     */
    public Extent allocate(long size, long alignment, long request) {
        Extent e;
        lock.lock();
        try {
            e = takeBest(size, alignment);
            if (e != null || peers == null || peers.alone()) {
                return activate(e != null ? e : unfitOrGrown(size, alignment, request));
            }
        } finally {
            lock.unlock();
        }
        // Nothing within the reuse cap here: the other arenas' best fit within it, then a run of
        // ours however large, then theirs, each step with one page lock held at a time (PagePeers).
        e = peers.donate(this, size, alignment, PagePeers.Kind.BEST_FIT, true);
        if (e == null) {
            lock.lock();
            try {
                e = takeUnfit(size, alignment);
                if (e != null) {
                    return activate(e);
                }
            } finally {
                lock.unlock();
            }
            e = peers.donate(this, size, alignment, PagePeers.Kind.UNFIT, true);
        }
        lock.lock();
        try {
            if (e != null) {
                adopt(e);
                return activate(e);
            }
            return activate(unfitOrGrown(size, alignment, request));
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link #allocate}'s first choice alone, made active: this arena's best fit within the reuse cap
     * ({@link FreeRuns#takeBest}), or null (then the caller unlocks and {@link #allocate}s, which tries it again
     * before it looks further). Lock held: for a caller that registers the block under the same acquisition.
     */
    public Extent takeBestLocked(long size, long alignment) {
        assert lock.isHeldByCurrentThread();
        Extent e = takeBest(size, alignment);
        return e == null ? null : activate(e);
    }

    /**
     * {@link #allocate} for a block that realloc moves because it grows and is expected to grow
     * again: the lowest-address dirty run, then muzzy run, with room for twice {@code size}, so
     * the block starts a free run with at least as much again after it; otherwise as
     * {@link #allocate}. Best fit ({@link SizeBins#bestFit}) is the wrong choice for such a block:
     * the tightest run that fits has, by construction, no room to grow, and every later doubling
     * would move (copy) the block again.
     */
    public Extent allocateToGrow(long size, long request) {
        lock.lock();
        try {
            Extent e = takeToGrowLocked(size);
            if (e != null) {
                return e;
            }
        } finally {
            lock.unlock();
        }
        return allocate(size, pageSize, request);
    }

    /**
     * {@link #allocateToGrow}'s first choice alone, made active: the lowest-address dirty, then muzzy, run with room
     * for twice {@code size}, or null (then the caller unlocks and {@link #allocate}s). Lock held: for a caller that
     * registers the block under the same acquisition.
     */
    public Extent takeToGrowLocked(long size) {
        assert lock.isHeldByCurrentThread();
        long room = size > Long.MAX_VALUE >>> 1 ? size : size << 1;
        Extent e = takeLowest(Extent.DIRTY, size, room);
        e = e != null ? e : takeLowest(Extent.MUZZY, size, room);
        return e == null ? null : activate(e); // dirty or muzzy: no growth of resident pages, no dirty cap
    }

    /**
     * A run the reuse cap passed over, split rather than mapping more: retained first (address
     * space, plentiful), then dirty, then muzzy, each of any size; else one pieced together from
     * adjacent runs of different states ({@link #takeSpanning}). Lock held.
     */
    Extent takeUnfit(long size, long alignment) {
        Extent e = takeAnySize(Extent.RETAINED, size, alignment);
        e = e != null ? e : takeAnySize(Extent.DIRTY, size, alignment);
        e = e != null ? e : takeAnySize(Extent.MUZZY, size, alignment);
        return e != null || alignment != pageSize ? e : takeSpanning(size);
    }

    /** {@link #takeUnfit}; else a run of memory mapped for it. Lock held. */
    private Extent unfitOrGrown(long size, long alignment, long request) {
        Extent e = takeUnfit(size, alignment);
        if (e == null) {
            grow(size, alignment, request);
            e = takeAnySize(Extent.RETAINED, size, alignment);
            if (e == null) {
                throw new IllegalStateException("grown mapping did not fit " + size + " bytes");
            }
        }
        return e;
    }

    /**
     * Makes a taken run active. The first and last page are registered, for coalescing and for
     * free(start). A slab registers its interior pages itself (its regions must find it); a large
     * block's interior is not registered, which keeps a large malloc O(1) in its size: an interior
     * address is found by a search on the error path only. Lock held.
     */
    private Extent activate(Extent e) {
        boolean fromRetained = e.state == Extent.RETAINED;
        e.state = Extent.ACTIVE; // before the cap's purges, which must not take it for a free neighbour
        activeBytes += e.size;
        map.setBoundary(e);
        if (fromRetained) {
            // Resident pages grow: the dirty ones beyond the cap go first, here and in the arenas
            // whose lock is free (a thread that only frees into its arena never gets here).
            capDirty();
            if (peers != null) {
                peers.capDirtyOfOthers(this);
            }
        }
        return e;
    }

    /**
     * Gives a free run of exactly {@code size} bytes aligned to {@code alignment} to another arena
     * ({@link PagePeers#donate}): taken out of this arena's sets and counts, marked as belonging to
     * no arena. Without {@code wait}, returns null at once when the lock is busy.
     */
    Extent giveAway(long size, long alignment, PagePeers.Kind kind, boolean wait) {
        if (wait) {
            lock.lock();
        } else if (!lock.tryLock()) {
            return null;
        }
        try {
            Extent e = switch (kind) {
                case BEST_FIT -> takeBest(size, alignment);
                case UNFIT -> takeUnfit(size, alignment);
                // The limit reclaim: any run at all, dirty first, however much larger than asked.
                case ANY -> {
                    Extent d = takeAnySize(Extent.DIRTY, size, alignment);
                    d = d != null ? d : takeAnySize(Extent.MUZZY, size, alignment);
                    yield d != null ? d : takeAnySize(Extent.RETAINED, size, alignment);
                }
            };
            if (e != null) {
                mappedHere -= e.size;
                e.arena = -1;
                given++;
            }
            return e;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves a free run of at least {@code size} bytes from another arena into this one, waiting for
     * busy arenas: for the limit reclaim, which holds no lock. The run keeps its state.
     *
     * @return whether another arena had one
     */
    public boolean borrow(long size) {
        Extent e = peers == null ? null : peers.donate(this, size, pageSize, PagePeers.Kind.ANY, true);
        if (e == null) {
            return false;
        }
        receive(e);
        return true;
    }

    /**
     * Takes in a free run another arena gave away ({@link PagePeers#donate}) into this arena's
     * sets, in the state it had, coalescing it with this arena's free neighbours.
     */
    private void receive(Extent e) {
        lock.lock();
        try {
            adopt(e);
            insertFree(e, e.state);
        } finally {
            lock.unlock();
        }
    }

    /** Takes back an active run; it becomes dirty, coalesces, and decay may purge some pages. */
    public void release(Extent e) {
        lock.lock();
        try {
            releaseLocked(e);
        } finally {
            lock.unlock();
        }
    }

    /** {@link #release} for a caller that holds the lock (one acquisition for its own bookkeeping and this). */
    public void releaseLocked(Extent e) {
        assert lock.isHeldByCurrentThread();
        activeBytes -= e.size;
        e.sizeClass = -1;
        e.slab = false;
        e.regionSize = 0;
        e.divMagic = 0;
        e.zeroed = false;
        insertFree(e, Extent.DIRTY);
        decayLocked(System.nanoTime());
    }

    /**
     * Grows an active large run in place to {@code newSize} when the pages after it are free: the
     * free runs there, of any state (dirty, muzzy or retained; a run another arena holds is claimed
     * when its lock is free), are absorbed until the block reaches its new end ({@link #absorbAfter}).
     *
     * @return whether it grew; when not, the block and the free runs are as they were (a neighbour
     *         claimed from another arena on the way stays in this arena's sets, still free)
     */
    public boolean expand(Extent e, long newSize) {
        lock.lock();
        try {
            return expandLocked(e, newSize);
        } finally {
            lock.unlock();
        }
    }

    /** {@link #expand} for a caller that holds the lock (a large block's resize, counted under the same acquisition). */
    public boolean expandLocked(Extent e, long newSize) {
        assert lock.isHeldByCurrentThread();
        if (newSize <= e.size || (newSize & (pageSize - 1)) != 0) {
            throw new IllegalArgumentException("expand of " + e + " to " + newSize
                    + ": the new size must be a larger multiple of the page size");
        }
        long more = newSize - e.size;
        if (!absorbAfter(e, more)) {
            return false;
        }
        map.setBoundary(e);
        activeBytes += more;
        return true;
    }

    /** Shrinks an active large run in place to {@code newSize}; the tail becomes dirty. */
    public void shrink(Extent e, long newSize) {
        lock.lock();
        try {
            shrinkLocked(e, newSize);
        } finally {
            lock.unlock();
        }
    }

    /** {@link #shrink} for a caller that holds the lock. */
    public void shrinkLocked(Extent e, long newSize) {
        assert lock.isHeldByCurrentThread();
        if (newSize <= 0 || newSize >= e.size || (newSize & (pageSize - 1)) != 0) {
            throw new IllegalArgumentException("shrink of " + e + " to " + newSize
                    + ": the new size must be a smaller positive multiple of the page size");
        }
        Extent tail = pool.obtain();
        tail.base = e.base + newSize;
        tail.size = e.size - newSize;
        e.size = newSize;
        activeBytes -= tail.size;
        map.setBoundary(e);
        insertFree(tail, Extent.DIRTY);
    }

    /**
     * Unmaps free runs, oldest first, until at least {@code bytes} are given back or none is left:
     * retained runs, then (unless {@code retainedOnly}) muzzy, then dirty ones (unmapping frees their
     * pages; no madvise first). For the limit reclaim, when no arena has a free run as large as a
     * request needs but their free runs together are: the OS can then map the request in one piece.
     * Retained runs hold no pages, so unmapping them loses nothing; a dirty or muzzy run's pages are
     * resident, and the fresh mapping that replaces them faults its pages in again. Also for an
     * explicit purge ({@code Arena.purge}), which unmaps every retained run.
     *
     * @return the bytes given back to the OS
     */
    public long unmapFree(long bytes, boolean retainedOnly) {
        lock.lock();
        try {
            long released = unmapOldest(Extent.RETAINED, bytes);
            if (!retainedOnly) {
                released += unmapOldest(Extent.MUZZY, bytes - released);
                released += unmapOldest(Extent.DIRTY, bytes - released);
                if (released > 0) {
                    tookFrom(Extent.DIRTY);
                    tookFrom(Extent.MUZZY);
                }
            }
            return released;
        } finally {
            lock.unlock();
        }
    }

    /** Unmaps whole free runs of {@code state}, oldest first, until {@code bytes} are given back. Lock held. */
    private long unmapOldest(byte state, long bytes) {
        long released = 0;
        for (Extent e = free.oldest(state); e != null && released < bytes; e = free.oldest(state)) {
            free.remove(e);
            memory.unmap(e.base, e.size);
            mappedHere -= e.size;
            released += e.size;
            pool.recycle(e);
        }
        return released;
    }

    // ---- statistics (read with the lock held by the caller) -----------------------------------

    public long activeBytes() {
        return activeBytes;
    }

    public long dirtyBytes() {
        return free.bytes(Extent.DIRTY);
    }

    public long muzzyBytes() {
        return free.bytes(Extent.MUZZY);
    }

    /** Bytes of every free run, dirty, muzzy and retained, read under the lock. */
    public long freeBytes() {
        lock.lock();
        try {
            return free.bytes(Extent.DIRTY) + free.bytes(Extent.MUZZY) + free.bytes(Extent.RETAINED);
        } finally {
            lock.unlock();
        }
    }

    public long retainedBytes() {
        return free.bytes(Extent.RETAINED);
    }

    /** Bytes this arena has mapped from the OS. */
    public long mappedHere() {
        return mappedHere;
    }

    /** The allocator's off-heap metadata memory, where bins keep their slabs' bitmaps. */
    public MetadataBase metadata() {
        return memory.metadata();
    }

    /** Heap bytes of this arena's extent records and free-run trees. */
    public long metadataBytes() {
        return pool.metadataBytes() + free.metadataBytes();
    }

    /** Free runs this arena took from other arenas (reuse before growth, neighbours merged). */
    public long runsReceived() {
        return received;
    }

    /** Free runs this arena gave to other arenas. */
    public long runsGiven() {
        return given;
    }

    // ---- internals ----------------------------------------------------------------------------

    private void grow(long size, long alignment, long request) {
        long need = need(size, alignment);
        long mapSize = Math.max(need, growSize);
        if (mapSize > need && !memory.fits(mapSize)) {
            mapSize = need;
        }
        long base = memory.map(mapSize, request);
        if (mapSize == growSize && growSize < MAX_GROW) {
            growSize <<= 1;
        }
        mappedHere += mapSize;
        Extent e = pool.obtain();
        e.base = base;
        e.size = mapSize;
        e.zeroed = true;
        insertFree(e, Extent.RETAINED);
    }
}
