package org.jmalloc.allocator.arena;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jmalloc.allocator.extent.AddressMap;
import org.jmalloc.allocator.extent.BlockErrors;
import org.jmalloc.allocator.extent.Extent;
import org.jmalloc.allocator.extent.MappedMemory;
import org.jmalloc.allocator.extent.PageAllocator;
import org.jmalloc.allocator.extent.PagePeers;
import org.jmalloc.allocator.extent.PageIndex;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.jmalloc.allocator.slab.Bin;
import org.jmalloc.allocator.slab.SlabGuards;

/**
 * An independent heap: one {@link Bin} per small size class over one {@link PageAllocator}.
 * Threads are bound to the arena with the fewest threads when they first allocate, so with 4 ×
 * CPUs arenas most threads never share a lock; thread caches make even those locks rare (taken once
 * per batch fill or flush).
 *
 * <p>Locks: a bin's lock guards its slabs and counters; the {@linkplain PageAllocator#lock pages' lock} guards the pages
 * and the large-block counters. Order: every bin lock before every page lock. A thread that holds
 * a bin's lock may wait for any arena's page lock (a slab's pages may come from another arena:
 * {@link PagePeers}), but nobody waits for a page lock while holding one. A stats snapshot takes
 * every arena's bin locks ({@link #lockBins}) before any arena's page lock ({@link #lockPages}),
 * which respects the same order.
 */
public final class Arena {

    public final int index;
    private final Bin[] bins;
    private final PageAllocator pages;
    private final AtomicInteger threads = new AtomicInteger();
    private final int owner;
    private final int indexedClasses;

    // Guarded by pages.lock.
    private long largeAllocated;
    private long largeMallocs;
    private long largeFrees;
    /** Per large class ({@code class − smallCount}): blocks handed out and taken back. */
    private final long[] largeMallocsByClass;
    private final long[] largeFreesByClass;
    private final int smallCount;
    private final long smallestLarge;
    private final long pageSize;
    /** Free runs kept for the next promoted heap-profile samples (page lock). */
    private final SpareSampleRuns spareSampleRuns = new SpareSampleRuns();
    /**
     * Per class, small and large: allocation requests served through this arena's thread caches
     * (merged from their pending counts) or straight from it. Added atomically without a lock:
     * merges come from the caches' owners at fills, flushes and GC steps, which hold no lock of
     * this arena's that would order them.
     */
    private final long[] requests = new long[SizeClasses.NUM_CLASSES];
    private static final VarHandle REQUESTS = MethodHandles.arrayElementVarHandle(long[].class);

    /**
     * @param owner the allocator's {@link PageIndex} owner id
     * @param indexedClasses large classes below this are registered in the {@link PageIndex} (the
     *        thread-cached ones, which the free fast path serves); slabs always are
     */
    public Arena(int index, SizeClasses classes, MappedMemory memory, AddressMap map,
                 long dirtyDecayNanos, long muzzyDecayNanos, int owner, int indexedClasses) {
        this(index, classes, memory, map, dirtyDecayNanos, muzzyDecayNanos, owner, indexedClasses, null);
    }

    /**
     * @param peers the page allocators of the allocator's other arenas, whose free runs this arena
     *        reuses before it maps more (null: none)
     */
    public Arena(int index, SizeClasses classes, MappedMemory memory, AddressMap map,
                 long dirtyDecayNanos, long muzzyDecayNanos, int owner, int indexedClasses, PagePeers peers) {
        this(index, classes, memory, map, dirtyDecayNanos, muzzyDecayNanos, owner, indexedClasses, peers, null);
    }

    /** @param slabGuards guard pages around every Nth new slab of every bin, or null (none) */
    public Arena(int index, SizeClasses classes, MappedMemory memory, AddressMap map,
                 long dirtyDecayNanos, long muzzyDecayNanos, int owner, int indexedClasses, PagePeers peers,
                 SlabGuards slabGuards) {
        this.index = index;
        this.owner = owner;
        this.indexedClasses = indexedClasses;
        this.pages = new PageAllocator(index, classes.pageSize(), memory, map, dirtyDecayNanos, muzzyDecayNanos,
                peers);
        this.bins = new Bin[classes.smallCount()];
        this.smallCount = classes.smallCount();
        this.smallestLarge = classes.sizeOf(smallCount);
        this.pageSize = classes.pageSize();
        this.largeMallocsByClass = new long[SizeClasses.NUM_CLASSES - smallCount];
        this.largeFreesByClass = new long[SizeClasses.NUM_CLASSES - smallCount];
        for (int i = 0; i < bins.length; i++) {
            bins[i] = new Bin(i, classes, pages, map, owner, slabGuards, index);
        }
    }

    public AtomicInteger threads() {
        return threads;
    }

    /** The bin of small class {@code sizeClass}. */
    public Bin bin(int sizeClass) {
        return bins[sizeClass];
    }

    /** This arena's pages (its lock, decay and page counters). */
    public PageAllocator pages() {
        return pages;
    }

    /** One small region straight from the bin (no thread cache). */
    public long mallocSmall(int sizeClass) {
        Bin bin = bins[sizeClass];
        bin.lock.lock();
        try {
            return bin.takeOne();
        } finally {
            bin.lock.unlock();
        }
    }

    /** Fills {@code n} regions into {@code out[from .. from+n)}, lowest address last; returns how many. */
    public int fill(int sizeClass, long[] out, int from, int n) {
        Bin bin = bins[sizeClass];
        bin.lock.lock();
        try {
            return bin.fill(out, from, n);
        } finally {
            bin.lock.unlock();
        }
    }

    public void freeSmall(Extent slab, long address) {
        Bin bin = bins[slab.sizeClass];
        bin.lock.lock();
        try {
            bin.free(slab, address);
        } finally {
            bin.lock.unlock();
        }
    }

    /** {@link Bin#shouldMove} for a live region of {@code slab}, under the bin's lock. */
    public boolean shouldMove(Extent slab) {
        Bin bin = bins[slab.sizeClass];
        bin.lock.lock();
        try {
            return bin.shouldMove(slab);
        } finally {
            bin.lock.unlock();
        }
    }

    /**
     * A large block of {@code usable} bytes (a large class size), aligned to {@code alignment}.
     *
     * @param request the application's request, for error messages
     */
    public Extent mallocLarge(int sizeClass, long usable, long alignment, long request) {
        pages.lock.lock();
        try {
            Extent e = pages.takeBestLocked(usable, alignment); // the common case: one acquisition
            if (e != null) {
                return countedLocked(e, sizeClass, usable);
            }
        } finally {
            pages.lock.unlock();
        }
        return counted(pages.allocate(usable, alignment, request), sizeClass, usable);
    }

    /**
     * A large block for a realloc that moves a block because it grows: placed where it has room to
     * grow again ({@link PageAllocator#allocateToGrow}), page-aligned.
     */
    public Extent mallocLargeToGrow(int sizeClass, long usable, long request) {
        pages.lock.lock();
        try {
            Extent e = pages.takeToGrowLocked(usable); // the common case: taken and counted under one acquisition
            if (e != null) {
                return countedLocked(e, sizeClass, usable);
            }
        } finally {
            pages.lock.unlock();
        }
        return counted(pages.allocateToGrow(usable, request), sizeClass, usable);
    }

    /** Makes the fresh run {@code e} a large block of {@code sizeClass} and counts it. */
    private Extent counted(Extent e, int sizeClass, long usable) {
        pages.lock.lock();
        try {
            return countedLocked(e, sizeClass, usable);
        } finally {
            pages.lock.unlock();
        }
    }

    private Extent countedLocked(Extent e, int sizeClass, long usable) {
        e.sizeClass = sizeClass;
        e.slab = false;
        index(e);
        countMalloc(sizeClass, usable);
        return e;
    }

    public void freeLarge(Extent e) {
        pages.lock.lock();
        try {
            countFree(e);
            unindex(e);
            e.sample = Extent.NO_SAMPLE;
            pages.releaseLocked(e);
        } finally {
            pages.lock.unlock();
        }
    }

    private void countMalloc(int sizeClass, long usable) {
        largeAllocated += usable;
        largeMallocs++;
        largeMallocsByClass[sizeClass - smallCount]++;
    }

    private void countFree(Extent e) {
        if (e.state != Extent.ACTIVE || e.sample == Extent.SPARE_SAMPLE_RUN) {
            throw BlockErrors.doubleFree(e.base);
        }
        largeAllocated -= e.size;
        largeFrees++;
        largeFreesByClass[e.sizeClass - smallCount]++;
    }

    /**
     * A run of the smallest large class for a sampled small block (jemalloc promotes sampled
     * objects the same way), marked {@link Extent#PROMOTED_SAMPLE}: a spare one when there is one,
     * else a fresh one. It is counted as a large block but never registered in the page index, so
     * its free comes to the slow path, which sees the sample.
     *
     * @param request the application's request, for error messages
     */
    public Extent mallocSampleRun(long request) {
        Extent e;
        pages.lock.lock();
        try {
            e = spareSampleRuns.take();
            if (e != null) {
                return promoted(e);
            }
        } finally {
            pages.lock.unlock();
        }
        e = pages.allocate(smallestLarge, pageSize, request);
        pages.lock.lock();
        try {
            e.sizeClass = smallCount;
            e.slab = false;
            PageIndex.cover(owner, e.base); // its free reads the (empty) entry
            return promoted(e);
        } finally {
            pages.lock.unlock();
        }
    }

    private Extent promoted(Extent e) {
        e.sample = Extent.PROMOTED_SAMPLE;
        countMalloc(smallCount, e.size);
        return e;
    }

    /** Frees a run from {@link #mallocSampleRun}: kept as a spare while there is room, else released. */
    public void freeSampleRun(Extent e) {
        pages.lock.lock();
        try {
            countFree(e);
            if (!spareSampleRuns.keep(e)) {
                e.sample = Extent.NO_SAMPLE;
                pages.releaseLocked(e); // never in the page index: nothing to clear
            }
        } finally {
            pages.lock.unlock();
        }
    }

    /** Releases the spare sample runs to the pages. */
    private void releaseSpareSampleRuns() {
        if (spareSampleRuns.isEmptyRacy()) {
            return;
        }
        pages.lock.lock();
        try {
            spareSampleRuns.releaseAll(pages);
        } finally {
            pages.lock.unlock();
        }
    }

    /** Resizes a large block in place; returns false when the pages after it are taken. */
    public boolean resizeLarge(Extent e, int sizeClass, long usable) {
        pages.lock.lock();
        try {
            long old = e.size;
            if (usable < old) {
                pages.shrinkLocked(e, usable);
            } else if (!pages.expandLocked(e, usable)) {
                return false;
            }
            if (e.sizeClass < indexedClasses) {
                PageIndex.clear(e.base, old);
            }
            largeFreesByClass[e.sizeClass - smallCount]++; // counted as a free of the old class
            largeMallocsByClass[sizeClass - smallCount]++; // and an allocation of the new one
            e.sizeClass = sizeClass;
            if (sizeClass < indexedClasses) {
                index(e);
            } // else its first unit's index page was covered when it became a large block: the base did not move
            largeAllocated += usable - old;
            return true;
        } finally {
            pages.lock.unlock();
        }
    }

    /** Registers a large block the free fast path serves (pages lock held). */
    private void index(Extent e) {
        if (e.sizeClass < indexedClasses) {
            PageIndex.register(owner, index, e.base, e.size, e.sizeClass, false);
        } else {
            PageIndex.cover(owner, e.base); // its free still reads the (empty) entry
        }
    }

    private void unindex(Extent e) {
        if (e.sizeClass < indexedClasses) {
            PageIndex.clear(e.base, e.size);
        }
    }

    /**
     * Returns parked regions to their slabs, releasing the slabs that empty, and the spare sample
     * runs to the pages: every free block this arena holds back for reuse (purge, a thread-cache
     * flush, and reclaim under the memory limit all call this).
     */
    public void drainParked() {
        for (Bin bin : bins) {
            if (bin.parkedRacy() == 0) {
                continue;
            }
            bin.lock.lock();
            try {
                bin.drainParked();
            } finally {
                bin.lock.unlock();
            }
        }
        releaseSpareSampleRuns();
    }

    /**
     * Returns parked regions to their slabs and purges every unused page: the free runs' and the
     * pages of partly used slabs that hold no region ({@link Bin#purgeUnusedPages}); then unmaps the
     * retained runs, so that the address space, too, goes back to what is in use. Decay keeps
     * retained runs for reuse without a mapping (jemalloc's {@code retain}); an explicit purge is
     * the application saying it is done with them, and a process's virtual size is what container
     * limits and operators see.
     */
    public void purge() {
        drainParked();
        for (Bin bin : bins) {
            bin.lock.lock();
            try {
                bin.purgeUnusedPages();
            } finally {
                bin.lock.unlock();
            }
        }
        pages.purgeAll();
        pages.unmapFree(Long.MAX_VALUE, true);
    }

    /** Takes every lock of this arena, bins first, without counting them: for a test that looks at one arena alone. */
    public void lockAll() {
        lockBins();
        lockPages();
    }

    public void unlockAll() {
        unlockPages();
        unlockBins();
    }

    /** Takes every bin's lock, for a snapshot (before any arena's {@link #lockPages}). */
    public void lockBins() {
        for (Bin bin : bins) {
            bin.lock.lockUncounted();
        }
    }

    /** Takes the pages' lock, for a snapshot (after every arena's {@link #lockBins}). */
    public void lockPages() {
        pages.lock.lockUncounted();
    }

    public void unlockPages() {
        pages.lock.unlock();
    }

    public void unlockBins() {
        for (int i = bins.length - 1; i >= 0; i--) {
            bins[i].lock.unlock();
        }
    }

    // ---- statistics (all locks held) ---------------------------------------------------------

    public long smallAllocated() {
        long sum = 0;
        for (Bin bin : bins) {
            sum += bin.curRegions() * bin.regionSize;
        }
        return sum;
    }

    public long largeAllocated() {
        return largeAllocated;
    }

    public long largeMallocs() {
        return largeMallocs;
    }

    public long largeFrees() {
        return largeFrees;
    }

    /**
     * The page lock's counters as {@code [acquisitions, contended, waitNanos, maxWaitNanos]}
     * (lock held); a bin's are its lock's, {@link org.jmalloc.allocator.sync.SpinThenParkLock#addCountsTo}.
     */
    public long[] pageLockCounts() {
        long[] counts = new long[4];
        pages.lock.addCountsTo(counts);
        return counts;
    }

    /**
     * Adds {@code n} allocation requests of class {@code sizeClass}: a thread cache's pending ones,
     * or one served straight from the arena to a caller without a cache.
     */
    public void countRequests(int sizeClass, long n) {
        REQUESTS.getAndAdd(requests, sizeClass, n);
    }

    /** The requests of class {@code sizeClass} counted here so far (not the caches' pending ones). */
    public long requests(int sizeClass) {
        return (long) REQUESTS.getVolatile(requests, sizeClass);
    }

    /** Large blocks of large class {@code sizeClass} handed out so far (pages lock held). */
    public long largeMallocs(int sizeClass) {
        return largeMallocsByClass[sizeClass - smallCount];
    }

    /** Large blocks of large class {@code sizeClass} taken back so far (pages lock held). */
    public long largeFrees(int sizeClass) {
        return largeFreesByClass[sizeClass - smallCount];
    }

    public long metadataBytes() {
        long sum = pages.metadataBytes();
        for (Bin bin : bins) {
            sum += bin.metadataBytes();
        }
        return sum;
    }

    /**
     * The bins' counters as rows of {@code [class, mallocs, frees, curRegions, curSlabs, totalSlabs,
     * fills, flushes, lock acquisitions, contended, waitNanos, maxWaitNanos]}.
     */
    public List<long[]> binCounters() {
        List<long[]> rows = new ArrayList<>(bins.length);
        for (Bin bin : bins) {
            long[] lock = new long[4];
            bin.lock.addCountsTo(lock);
            rows.add(new long[] {bin.sizeClass, bin.mallocs(), bin.frees(), bin.curRegions(), bin.curSlabs(),
                bin.totalSlabs(), bin.fills(), bin.flushes(), lock[0], lock[1], lock[2], lock[3]});
        }
        return rows;
    }
}
