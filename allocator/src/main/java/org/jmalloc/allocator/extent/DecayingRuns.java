package org.jmalloc.allocator.extent;

/**
 * The purging half of one arena's free runs, under {@link PageAllocator}: freed pages decay from
 * dirty to muzzy ({@code MADV_FREE}) to retained ({@code MADV_DONTNEED}), each state on its own
 * smooth curve ({@link Decay}, jemalloc's {@code decay}), oldest runs first; {@link #purgeAll}
 * does it at once, {@link #purgeSlabPages} releases the free pages of a partly used slab, and
 * {@link #unmapFree} gives whole free runs back to the OS for the limit reclaim, and
 * {@link #capDirty} bounds how many freed pages an arena keeps resident at once. A purge the OS
 * refuses leaves the pages as they were, for the next step to try again.
 *
 * <p>Not thread-safe on its own: every public method takes {@link #lock}, the rest require it.
 */
abstract sealed class DecayingRuns extends FreeRuns permits PageAllocator {

    /** Dirty and muzzy bytes are capped at active bytes {@code >>>} this ({@link #capDirty}). */
    static final int DIRTY_CAP_SHIFT = 2;
    /** ... or at this many MiB, when that is more. */
    static final int DIRTY_FLOOR_MIB = 32;

    final MappedMemory memory;
    private final Decay dirtyDecay;
    private final Decay muzzyDecay;
    /** The two decay times, written under the lock and read without it (a control read need not wait for the pages). */
    private volatile long dirtyDecayNanos;
    private volatile long muzzyDecayNanos;

    private long purges;
    private long purgedBytes;

    DecayingRuns(int arena, long pageSize, AddressMap map, PagePeers peers, MappedMemory memory,
                 long dirtyDecayNanos, long muzzyDecayNanos) {
        super(arena, pageSize, map, peers);
        this.memory = memory;
        long now = System.nanoTime();
        this.dirtyDecay = new Decay(dirtyDecayNanos, now);
        this.muzzyDecay = new Decay(muzzyDecayNanos, now);
        this.dirtyDecayNanos = dirtyDecayNanos;
        this.muzzyDecayNanos = muzzyDecayNanos;
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

    /**
     * Sets the decay time of the dirty pages ({@code dirty}) or of the muzzy ones, in nanoseconds
     * (0: purge at once, negative: never by decay), and runs a decay step under it at once, so a
     * time of 0 purges those pages now.
     */
    public void setDecayNanos(boolean dirty, long nanos) {
        lock.lock();
        try {
            long now = System.nanoTime();
            (dirty ? dirtyDecay : muzzyDecay).setDecayNanos(nanos, now);
            if (dirty) {
                dirtyDecayNanos = nanos;
            } else {
                muzzyDecayNanos = nanos;
            }
            decayLocked(now);
        } finally {
            lock.unlock();
        }
    }

    /** The decay time of the dirty pages ({@code dirty}) or of the muzzy ones, in nanoseconds; read without the lock. */
    public long decayNanos(boolean dirty) {
        return dirty ? dirtyDecayNanos : muzzyDecayNanos;
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
     * Releases the pages {@code [base, base + size)} inside an active slab whose regions are all
     * free ({@code MADV_DONTNEED}, counted as a purge): they stay part of the slab and read as zero.
     * A refused call leaves them as they were.
     *
     * @return the bytes released (0 when the OS refused)
     */
    public long purgeSlabPages(long base, long size) {
        lock.lock();
        try {
            memory.purgeForced(base, size);
            purges++;
            purgedBytes += size;
            return size;
        } catch (RuntimeException refused) {
            return 0;
        } finally {
            lock.unlock();
        }
    }

    /** Purge calls made (decay, {@code purge()}, slab pages), and the bytes they covered. */
    public long purges() {
        return purges;
    }

    public long purgedBytes() {
        return purgedBytes;
    }

    /** One decay step of both states if their epochs have ended. Lock held. */
    final void decayLocked(long now) {
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

    /**
     * Keeps the dirty and muzzy bytes at most a quarter of the active ones, or {@value #DIRTY_FLOOR_MIB} MiB
     * when that is more: the excess goes straight to retained ({@code MADV_DONTNEED}), oldest first,
     * muzzy then dirty, whole runs. Called when a retained run (or a new mapping) is about to
     * become active, the only moment the arena's resident pages ({@code mapped}) grow: a free leaves
     * them as they were, and a request served from dirty pages keeps them. Not when the dirty decay
     * is negative ("never": the application asked for freed pages to stay). Lock held.
     *
     * <p>Why: decay bounds how long freed pages stay, not how many. A workload that frees large
     * blocks of random sizes leaves dirty runs that its next requests do not fit in best, so they
     * take retained runs or map more while the dirty ones stay; on the two-thread workload of
     * {@code AddressSpaceReuseTest} they were a third of what the allocator held at its peak.
     * jemalloc 4 bounded them the same way ({@code lg_dirty_mult}: dirty at most active / 8), but
     * on every free, so a program that frees a large block and allocates it again paid the page
     * faults; checked only on the way to more resident pages, a program that reuses what it freed
     * (the memory-limit stress workload, or one large buffer freed and allocated again) never purges.
     * A quarter holds the peak near 1.25 times the active bytes once an arena is past the floor,
     * which spares small arenas the madvise calls.
     */
    final void capDirty() {
        if (dirtyDecayNanos < 0) {
            return;
        }
        long cap = Math.max(activeBytes >>> DIRTY_CAP_SHIFT, (long) DIRTY_FLOOR_MIB << 20);
        long over = free.bytes(Extent.DIRTY) + free.bytes(Extent.MUZZY) - cap;
        if (over > 0) {
            over -= purgeOldestRuns(Extent.MUZZY, over);
            purgeOldestRuns(Extent.DIRTY, over);
            tookFrom(Extent.DIRTY);
            tookFrom(Extent.MUZZY);
        }
    }

    /**
     * Purges whole runs of {@code state} to retained, oldest first, until at least {@code bytes} are
     * purged or none is left. Lock held.
     *
     * @return the bytes purged
     */
    private long purgeOldestRuns(byte state, long bytes) {
        long purged = 0;
        for (Extent e = free.oldest(state); e != null && purged < bytes; e = free.oldest(state)) {
            free.remove(e);
            long size = e.size;
            if (!purgeRun(e, state, true)) {
                break;
            }
            purged += size;
        }
        return purged;
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
            if (!purgeRun(e, state, false)) {
                return;
            }
        }
    }

    /**
     * Purges the free run {@code e} of {@code state}, taken out of its set: dirty to muzzy (unless
     * {@code forced} or muzzy decay is immediate), else to retained; it goes back to the sets, merged
     * with its neighbours of its new state. Lock held.
     *
     * @return false when the OS refused: the run is back as it was, for the next step to try again
     */
    private boolean purgeRun(Extent e, byte state, boolean forced) {
        byte next;
        try {
            if (state == Extent.DIRTY && !forced && !muzzyDecay.immediate() && memory.purgeLazy(e.base, e.size)) {
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
            return false;
        }
        purges++;
        purgedBytes += e.size;
        insertFree(e, next);
        return true;
    }

    /** Tells the decay curve of {@code state} how many pages it has left after some were taken. */
    @Override
    void tookFrom(byte state) {
        if (state == Extent.DIRTY) {
            dirtyDecay.purged(free.bytes(Extent.DIRTY) >>> lgPage);
        } else if (state == Extent.MUZZY) {
            muzzyDecay.purged(free.bytes(Extent.MUZZY) >>> lgPage);
        }
    }
}
