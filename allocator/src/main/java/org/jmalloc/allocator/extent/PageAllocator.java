package org.jmalloc.allocator.extent;

import org.jmalloc.allocator.sync.SpinThenParkLock;

/**
 * One arena's pages: hands out page runs for slabs and large blocks, takes them back, coalesces
 * them, and purges unused ones as they decay (jemalloc's {@code pac}). The free runs are kept in
 * {@link ExtentSets}, their records come from an {@link ExtentPool}.
 *
 * <h2>States</h2>
 * <pre>
 *            allocate                  release                  decay (MADV_FREE)
 *   ACTIVE &lt;──────────── DIRTY ◄─────────────── ACTIVE      DIRTY ──────────────► MUZZY
 *      ▲   &lt;──────────── MUZZY                              DIRTY/MUZZY ─(MADV_DONTNEED)─► RETAINED
 *      └── &lt;──────────── RETAINED ◄── grow (mmap)
 * </pre>
 * A request is served by first fit at the lowest address from the dirty set, then muzzy, then
 * retained, and only then by mapping more (growing by a doubling step from 4 MiB to 64 MiB, or
 * exactly the request when it is larger: huge blocks get their own mapping). A freed run coalesces
 * with free neighbours of the same state and arena.
 *
 * <h2>Invariants</h2> (checked by {@code PageAllocatorTest})
 * <ul>
 *   <li>{@code activeBytes + dirty.bytes + muzzy.bytes + retained.bytes == bytes mapped by this arena};
 *   <li>no two free extents of the same state are adjacent (coalescing is eager);
 *   <li>every free extent's first and last page map to it in the {@link AddressMap}.
 * </ul>
 *
 * <h2>Concurrency</h2> Every public method takes {@link #lock}; bins call in while holding their own
 * lock (lock order: bin, then pages). Purging calls madvise with the lock held: simple, and purges
 * are rare and batched by the decay curve.
 */
public final class PageAllocator {

    private static final long MIN_GROW = 4L << 20;
    private static final long MAX_GROW = 64L << 20;

    public final SpinThenParkLock lock = new SpinThenParkLock();
    private final int arena;
    private final long pageSize;
    private final int lgPage;
    private final MappedMemory memory;
    private final AddressMap map;
    private final ExtentSets free = new ExtentSets();
    private final ExtentPool pool;
    private final Decay dirtyDecay;
    private final Decay muzzyDecay;
    private long growSize = MIN_GROW;

    private long activeBytes;
    private long mappedHere;
    private long purges;
    private long purgedBytes;

    public PageAllocator(int arena, long pageSize, MappedMemory memory, AddressMap map,
                         long dirtyDecayNanos, long muzzyDecayNanos) {
        this.arena = arena;
        this.pageSize = pageSize;
        this.lgPage = Long.numberOfTrailingZeros(pageSize);
        this.memory = memory;
        this.map = map;
        long now = System.nanoTime();
        this.dirtyDecay = new Decay(dirtyDecayNanos, now);
        this.muzzyDecay = new Decay(muzzyDecayNanos, now);
        this.pool = new ExtentPool(arena);
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
        lock.lock();
        try {
            Extent e = take(Extent.DIRTY, size, alignment);
            if (e == null) {
                e = take(Extent.MUZZY, size, alignment);
            }
            if (e == null) {
                e = take(Extent.RETAINED, size, alignment);
            }
            if (e == null) {
                grow(size, alignment, request);
                e = take(Extent.RETAINED, size, alignment);
                if (e == null) {
                    throw new IllegalStateException("grown mapping did not fit " + size + " bytes");
                }
            }
            e.state = Extent.ACTIVE;
            activeBytes += e.size;
            // The first and last page, for coalescing and for free(start). A slab registers its
            // interior pages itself (its regions must find it); a large block's interior is not
            // registered, which keeps a large malloc O(1) in its size: an interior address is found
            // by a search on the error path only (Allocator.blockAt).
            map.setBoundary(e);
            return e;
        } finally {
            lock.unlock();
        }
    }

    /** Takes back an active run; it becomes dirty, coalesces, and decay may purge some pages. */
    public void release(Extent e) {
        lock.lock();
        try {
            activeBytes -= e.size;
            e.sizeClass = -1;
            e.slab = false;
            e.regionSize = 0;
            e.divMagic = 0;
            e.zeroed = false;
            insertFree(e, Extent.DIRTY);
            decayLocked(System.nanoTime());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Grows an active large run in place to {@code newSize} when the pages after it are free.
     *
     * @return whether it grew
     */
    public boolean expand(Extent e, long newSize) {
        if (newSize <= e.size || (newSize & (pageSize - 1)) != 0) {
            throw new IllegalArgumentException("expand of " + e + " to " + newSize
                    + ": the new size must be a larger multiple of the page size");
        }
        lock.lock();
        try {
            long more = newSize - e.size;
            Extent n = map.get(e.end());
            if (n == null || n.base != e.end() || n.arena != arena || n.state < Extent.DIRTY || n.size < more) {
                return false;
            }
            free.remove(n);
            if (n.size > more) {
                splitFreeTail(n, more, n.state);
            }
            pool.recycle(n);
            e.size = newSize;
            map.setBoundary(e);
            activeBytes += more;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Shrinks an active large run in place to {@code newSize}; the tail becomes dirty. */
    public void shrink(Extent e, long newSize) {
        if (newSize <= 0 || newSize >= e.size || (newSize & (pageSize - 1)) != 0) {
            throw new IllegalArgumentException("shrink of " + e + " to " + newSize
                    + ": the new size must be a smaller positive multiple of the page size");
        }
        lock.lock();
        try {
            Extent tail = pool.obtain();
            tail.base = e.base + newSize;
            tail.size = e.size - newSize;
            e.size = newSize;
            activeBytes -= tail.size;
            map.setBoundary(e);
            insertFree(tail, Extent.DIRTY);
        } finally {
            lock.unlock();
        }
    }

    /** Runs decay if an epoch has ended (called by the background purger). */
    public void decay(long now) {
        lock.lock();
        try {
            decayLocked(now);
        } finally {
            lock.unlock();
        }
    }

    /** Purges every dirty and muzzy page now. */
    public void purgeAll() {
        lock.lock();
        try {
            long now = System.nanoTime();
            purgeOldest(Extent.DIRTY, free.bytes(Extent.DIRTY) >>> lgPage);
            purgeOldest(Extent.MUZZY, free.bytes(Extent.MUZZY) >>> lgPage);
            dirtyDecay.reset(now);
            muzzyDecay.reset(now);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Unmaps every retained extent, so another arena can map the memory under the allocator's
     * limit. Stale address-map entries of the unmapped pages point at recycled (unused) records.
     *
     * @return the bytes given back to the OS
     */
    public long unmapRetained() {
        lock.lock();
        try {
            long released = 0;
            for (Extent e = free.oldest(Extent.RETAINED); e != null; e = free.oldest(Extent.RETAINED)) {
                free.remove(e);
                memory.unmap(e.base, e.size);
                mappedHere -= e.size;
                released += e.size;
                pool.recycle(e);
            }
            return released;
        } finally {
            lock.unlock();
        }
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

    public long retainedBytes() {
        return free.bytes(Extent.RETAINED);
    }

    /** Bytes this arena has mapped from the OS. */
    public long mappedHere() {
        return mappedHere;
    }

    public long purges() {
        return purges;
    }

    public long purgedBytes() {
        return purgedBytes;
    }

    public long metadataBytes() {
        return pool.metadataBytes();
    }

    // ---- internals ----------------------------------------------------------------------------

    private void decayLocked(long now) {
        if (dirtyDecay.due(now) && !free.isEmpty(Extent.DIRTY)) {
            long dirtyPages = free.bytes(Extent.DIRTY) >>> lgPage;
            purgeOldest(Extent.DIRTY, dirtyDecay.purgeable(now, dirtyPages));
            dirtyDecay.purged(free.bytes(Extent.DIRTY) >>> lgPage);
        }
        if (muzzyDecay.due(now) && !free.isEmpty(Extent.MUZZY)) {
            long muzzyPages = free.bytes(Extent.MUZZY) >>> lgPage;
            purgeOldest(Extent.MUZZY, muzzyDecay.purgeable(now, muzzyPages));
            muzzyDecay.purged(free.bytes(Extent.MUZZY) >>> lgPage);
        }
    }

    /** Purges the {@code pages} oldest pages of a state: dirty to muzzy (or retained), muzzy to retained. */
    private void purgeOldest(byte state, long pages) {
        while (pages > 0) {
            Extent e = free.oldest(state);
            if (e == null) {
                return;
            }
            free.remove(e);
            long bytes = Math.min(e.size, pages << lgPage);
            if (bytes < e.size) {
                splitFreeTail(e, bytes, state);
            }
            pages -= bytes >>> lgPage;
            byte next;
            try {
                if (state == Extent.DIRTY && !muzzyDecay.immediate() && memory.purgeLazy(e.base, e.size)) {
                    next = Extent.MUZZY;
                } else {
                    memory.purgeForced(e.base, e.size);
                    next = Extent.RETAINED;
                    e.zeroed = true;
                }
            } catch (RuntimeException failure) {
                // The OS refused (or a fault was injected): the pages stay as they were, still
                // usable, and the next decay step tries again.
                insertFree(e, state);
                return;
            }
            purges++;
            purgedBytes += e.size;
            insertFree(e, next);
        }
    }

    private Extent take(byte state, long size, long alignment) {
        long need = alignment > pageSize ? size + alignment - pageSize : size;
        Extent e = free.firstFit(state, need);
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
        if (state == Extent.DIRTY) {
            dirtyDecay.purged(free.bytes(Extent.DIRTY) >>> lgPage);
        } else if (state == Extent.MUZZY) {
            muzzyDecay.purged(free.bytes(Extent.MUZZY) >>> lgPage);
            e.zeroed = false;
        }
        return e;
    }

    private void grow(long size, long alignment, long request) {
        long need = alignment > pageSize ? size + alignment - pageSize : size;
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

    /**
     * Cuts {@code e} (unlinked) to its first {@code keep} bytes; the rest becomes a free extent of
     * {@code state}, linked without coalescing (its neighbours are {@code e} and what {@code e}
     * already bordered, which a free set never holds adjacent).
     */
    private void splitFreeTail(Extent e, long keep, byte state) {
        Extent tail = pool.obtain();
        tail.base = e.base + keep;
        tail.size = e.size - keep;
        tail.state = state;
        tail.zeroed = e.zeroed;
        e.size = keep;
        linkFree(tail);
    }

    private void insertFree(Extent e, byte state) {
        e.state = state;
        e.arena = arena;
        if (e.base >= pageSize) {
            Extent p = map.get(e.base - 1);
            if (p != null && p != e && p.state == state && p.arena == arena && p.end() == e.base) {
                free.remove(p);
                e.base = p.base;
                e.size += p.size;
                e.zeroed &= p.zeroed;
                pool.recycle(p);
            }
        }
        Extent n = map.get(e.end());
        if (n != null && n != e && n.state == state && n.arena == arena && n.base == e.end()) {
            free.remove(n);
            e.size += n.size;
            e.zeroed &= n.zeroed;
            pool.recycle(n);
        }
        linkFree(e);
    }

    private void linkFree(Extent e) {
        e.arena = arena;
        map.setBoundary(e);
        free.add(e);
    }
}
