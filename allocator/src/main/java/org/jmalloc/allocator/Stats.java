package org.jmalloc.allocator;

import java.util.List;

/**
 * A snapshot of an allocator's counters, taken with every arena's locks held so the figures agree
 * with each other. The byte counters mean what jemalloc's {@code stats.*} mean:
 *
 * <ul>
 *   <li>{@code allocated}: usable bytes of every block handed out by an arena and not returned to
 *       it (blocks the application holds, plus blocks in thread caches, as in jemalloc; blocks a
 *       cache flush parked back in a bin count as returned);
 *   <li>{@code active}: bytes of the pages backing live allocations: whole slabs with at least one
 *       region out (to the application, a thread cache, or parked in its bin by a cache flush),
 *       and large blocks;
 *   <li>{@code metadata}: bytes of allocator bookkeeping: on the Java heap the extent records,
 *       address-map nodes, bins' parking stacks and thread caches (sized by HotSpot's object layout),
 *       and outside it the slab bitmaps (carved from the allocator's metadata mappings) and the pages
 *       of the process-wide page index that this allocator's registrations touched first (resident
 *       from then on);
 *   <li>{@code resident}: an upper bound of the physically resident bytes: active pages, unused
 *       dirty pages and metadata;
 *   <li>{@code mapped}: bytes in mappings that are usable without a fault to the OS: active, dirty
 *       and muzzy pages; the mappings the slab bitmaps are carved from are not in it (their carved
 *       bytes are in {@code metadata}, the rest is untouched), though {@code maxBytes} limits them
 *       with {@code mapped} and {@code retained};
 *   <li>{@code retained}: bytes of address space still mapped but returned to the OS with
 *       {@code MADV_DONTNEED} (not resident, reused before new memory is mapped).
 * </ul>
 *
 * <p>Invariants, checked by {@code StatsInvariantsTest}: {@code allocated ≤ active ≤ resident},
 * {@code active ≤ mapped}.
 *
 * @param allocated bytes handed out and not returned
 * @param active bytes of pages backing live allocations
 * @param metadata bytes of allocator bookkeeping
 * @param resident upper bound of resident bytes
 * @param mapped bytes of mapped, usable pages (active + dirty + muzzy)
 * @param retained bytes of mapped address space returned to the OS
 * @param arenas one entry per arena
 * @param sizeClasses one entry per small size class, summed over the arenas
 * @param largeClasses one entry per large size class that an arena ever served, summed over the
 *     arenas, smallest class first
 * @param backgroundPurgeFailures steps of the background purger that threw since the allocator was
 *     built (the purger counts, logs and carries on); 0 without {@code backgroundPurge(true)}
 * @param work the work done off the fast paths since the allocator was built: slow-path entries,
 *     cache fills and flushes, lock acquisitions, OS calls ({@link WorkCounts} defines each)
 * @param threads the thread caches' accounting, summed over the live threads
 */
public record Stats(
        long allocated,
        long active,
        long metadata,
        long resident,
        long mapped,
        long retained,
        List<ArenaStats> arenas,
        List<SizeClassStats> sizeClasses,
        List<LargeClassStats> largeClasses,
        long backgroundPurgeFailures,
        WorkCounts work,
        ThreadTotals threads) {

    public Stats {
        arenas = List.copyOf(arenas);
        sizeClasses = List.copyOf(sizeClasses);
        largeClasses = List.copyOf(largeClasses);
        java.util.Objects.requireNonNull(threads, "threads");
    }

    /** A snapshot without large classes and thread totals (all zero). */
    public Stats(long allocated, long active, long metadata, long resident, long mapped, long retained,
                 List<ArenaStats> arenas, List<SizeClassStats> sizeClasses, long backgroundPurgeFailures,
                 WorkCounts work) {
        this(allocated, active, metadata, resident, mapped, retained, arenas, sizeClasses, List.of(),
                backgroundPurgeFailures, work, new ThreadTotals(0, 0, 0, 0, 0, 0, 0));
    }

    /**
     * One lock's contention counters, or several locks' merged (sums, and the largest of the
     * maxima). The lock ({@code SpinThenParkLock}) counts as contended an acquisition whose first
     * attempt found it held, and times only those, from that attempt until it held the lock.
     * Acquisitions by a stats snapshot are not counted.
     *
     * @param acquisitions acquisitions so far
     * @param contended those that found the lock held and had to spin or park
     * @param waitNanos nanoseconds the contended ones waited, summed
     * @param maxWaitNanos the longest wait of one contended acquisition, in nanoseconds
     */
    public record LockStats(long acquisitions, long contended, long waitNanos, long maxWaitNanos) {

        /** A lock never taken. */
        public static final LockStats NONE = new LockStats(0, 0, 0, 0);

        /** From {@code [acquisitions, contended, waitNanos, maxWaitNanos]}. */
        static LockStats of(long[] counts) {
            return new LockStats(counts[0], counts[1], counts[2], counts[3]);
        }

        LockStats plus(LockStats o) {
            return new LockStats(acquisitions + o.acquisitions, contended + o.contended, waitNanos + o.waitNanos,
                    Math.max(maxWaitNanos, o.maxWaitNanos));
        }
    }

    /**
     * One large size class's counters (for one arena, or summed over all). A large block resized
     * in place to another class counts as a free of its old class and an allocation of its new one.
     *
     * @param sizeClass the size-class index
     * @param size bytes per block of the class
     * @param mallocs blocks of the class ever handed out by the arena (to thread caches or the application)
     * @param frees blocks of the class ever taken back
     * @param requests allocation requests of the class served, as for {@link SizeClassStats#requests}
     */
    public record LargeClassStats(int sizeClass, long size, long mallocs, long frees, long requests) {

        /** Blocks of the class out now. */
        public long current() {
            return mallocs - frees;
        }

        LargeClassStats plus(LargeClassStats o) {
            return new LargeClassStats(sizeClass, size, mallocs + o.mallocs, frees + o.frees, requests + o.requests);
        }
    }

    /**
     * The thread caches' accounting, summed over the live threads (and the shared caches that
     * virtual threads borrow). Read without stopping the threads: exact when they are idle, off
     * by at most a batch per thread while they allocate.
     *
     * @param count live threads with a cache of their own
     * @param allocated usable bytes they allocated ({@code thread.allocated}, summed)
     * @param deallocated usable bytes they freed ({@code thread.deallocated}, summed)
     * @param hits allocations served by a thread cache
     * @param misses allocations that found their cache's stack empty (each caused a fill)
     * @param fills refill batches from the arenas
     * @param flushes flush batches back to the arenas
     */
    public record ThreadTotals(long count, long allocated, long deallocated, long hits, long misses, long fills,
                               long flushes) {
    }

    /**
     * One arena's counters.
     *
     * @param index the arena's number
     * @param threads threads currently bound to the arena
     * @param smallAllocated usable bytes of small regions out of this arena's bins
     * @param largeAllocated usable bytes of large blocks out of this arena
     * @param active bytes of active pages
     * @param dirty bytes of unused pages not yet purged
     * @param muzzy bytes of pages purged lazily ({@code MADV_FREE})
     * @param retained bytes of pages purged with {@code MADV_DONTNEED}
     * @param largeMallocs large allocations ever served
     * @param largeFrees large blocks ever freed
     * @param purges madvise calls issued by decay or {@code purge()}
     * @param purgedBytes bytes those calls covered
     * @param bins one entry per small size class
     * @param largeClasses one entry per large size class the arena ever served, smallest first
     * @param pageLock the contention of the arena's page lock (its extents and large blocks)
     */
    public record ArenaStats(
            int index,
            int threads,
            long smallAllocated,
            long largeAllocated,
            long active,
            long dirty,
            long muzzy,
            long retained,
            long largeMallocs,
            long largeFrees,
            long purges,
            long purgedBytes,
            List<SizeClassStats> bins,
            List<LargeClassStats> largeClasses,
            LockStats pageLock) {
        public ArenaStats {
            bins = List.copyOf(bins);
            largeClasses = List.copyOf(largeClasses);
            java.util.Objects.requireNonNull(pageLock, "pageLock");
        }

        /** Every lock of the arena merged: its page lock and its bins' locks. */
        public LockStats locks() {
            LockStats all = pageLock;
            for (SizeClassStats b : bins) {
                all = all.plus(b.lock());
            }
            return all;
        }
    }

    /**
     * One small size class's counters (for one arena, or summed over all).
     *
     * @param sizeClass the size-class index
     * @param regionSize bytes per region
     * @param slabSize bytes per slab
     * @param regionsPerSlab regions in one slab
     * @param mallocs regions ever handed out (to thread caches or the application)
     * @param frees regions ever returned
     * @param requests allocation requests of the class served (jemalloc's {@code nrequests}): the
     *     calls that a thread cache served without touching the arena included, so a class whose
     *     blocks cycle through a cache shows many requests and few {@code mallocs}. Counted by the
     *     class the call asked for, in the arena of the caller's cache (or the arena that served a
     *     caller without one); a cache's count is pending in the cache until it merges it at a fill,
     *     a flush, a GC step or its thread's exit, and a snapshot adds the live caches' pending
     *     counts, read racily: exact when those threads are idle, else short by at most the calls
     *     they make meanwhile (a merge in the middle of the read may count one batch twice or not at all)
     * @param currentRegions regions out now ({@code mallocs - frees})
     * @param currentSlabs slabs that exist now
     * @param totalSlabs slabs ever created
     * @param fills thread-cache fills served (one per batch of regions a thread cache took)
     * @param flushes thread-cache flushes received (one per batch of regions a thread cache
     *     returned to this bin under one lock hold)
     * @param lock the contention of the bin's lock (for all arenas: the locks merged)
     */
    public record SizeClassStats(
            int sizeClass,
            long regionSize,
            long slabSize,
            int regionsPerSlab,
            long mallocs,
            long frees,
            long requests,
            long currentRegions,
            long currentSlabs,
            long totalSlabs,
            long fills,
            long flushes,
            LockStats lock) {

        public SizeClassStats {
            java.util.Objects.requireNonNull(lock, "lock");
        }

        /** Fraction of the current slabs' regions that are out, 0 when there are no slabs. */
        public double utilization() {
            long capacity = currentSlabs * (long) regionsPerSlab;
            return capacity == 0 ? 0.0 : (double) currentRegions / capacity;
        }

        SizeClassStats plus(SizeClassStats o) {
            return new SizeClassStats(sizeClass, regionSize, slabSize, regionsPerSlab,
                    mallocs + o.mallocs, frees + o.frees, requests + o.requests, currentRegions + o.currentRegions,
                    currentSlabs + o.currentSlabs, totalSlabs + o.totalSlabs, fills + o.fills, flushes + o.flushes,
                    lock.plus(o.lock));
        }
    }
}
