package org.jmalloc.allocator.slab;

import java.util.Arrays;
import org.jmalloc.allocator.extent.AddressMap;
import org.jmalloc.allocator.extent.AddressTree;
import org.jmalloc.allocator.extent.BlockErrors;
import org.jmalloc.allocator.extent.Extent;
import org.jmalloc.allocator.extent.HeapBytes;
import org.jmalloc.allocator.extent.MetadataBase;
import org.jmalloc.allocator.extent.PageAllocator;
import org.jmalloc.allocator.extent.PageIndex;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.jmalloc.allocator.sync.SpinThenParkLock;

/**
 * One arena's slabs of one small size class.
 *
 * <pre>
 *   slab (slabPages × page, regions × regionSize bytes, tiles exactly):
 *   ┌────────┬────────┬────────┬─── ─ ─ ───┬────────┐
 *   │ reg 0  │ reg 1  │ reg 2  │    ...    │ reg n-1│     bitmap: bit i set = region i is out
 *   └────────┴────────┴────────┴─── ─ ─ ───┴────────┘
 * </pre>
 *
 * Regions come from the lowest-address non-full slab, lowest region first (jemalloc's packing: live
 * data crowds into few slabs, so the rest empty out and return their pages). A slab that empties is
 * given back to the arena's pages at once, as in jemalloc: its pages become dirty and are the first
 * fit for the next slab, so a malloc/free loop without a thread cache costs a page-run split, not
 * a system call.
 *
 * <p>Invariants ({@code BinTest}): {@code curRegions == mallocs − frees ==
 * Σ over slabs (regions − free) − parked}; a slab is in {@code nonFull} iff {@code 0 < free}; every
 * page of a live slab maps to it in the address map. All methods require {@link #lock} held.
 */
public final class Bin {

    public final SpinThenParkLock lock = new SpinThenParkLock();
    public final int sizeClass;
    public final long regionSize;
    public final int regions;
    public final long slabSize;
    private final int words;
    private final int divMagic;
    private final long pageSize;
    private final PageAllocator pages;
    private final AddressMap map;
    /** Guard pages around every Nth slab, or null (none). */
    private final SlabGuards guards;
    private final int arena;
    /** The allocator's {@link PageIndex} owner id. */
    private final int owner;
    private final AddressTree nonFull = new AddressTree();
    /** Parked regions; grown on demand up to {@link #parkedCapacity}, so an idle bin holds no stack. */
    private long[] parked = new long[0];
    private final int parkedCapacity;
    private int parkedCount;

    private long mallocs;
    private long frees;
    private long curRegions;
    private long curSlabs;
    private long totalSlabs;
    private long fills;
    private long flushes;
    private long bitmapBytes;
    /**
     * This bin's bitmaps, off the Java heap ({@link MetadataBase}): those of released slabs on a free
     * list linked through their first word ({@link #spareBitmaps}, 0 = none), then the rest of the
     * last block taken from the base ({@link #sliceNext} up to {@link #sliceEnd}), {@value
     * #BITMAP_BATCH} bitmaps at a time. A slab's bitmap is its bin's, never its record's: the record
     * goes back to the page allocator, which coalesces it and hands it out again to any arena's run,
     * so a bitmap left on it would be lost to this bin. Bitmaps are kept for good, as jemalloc keeps
     * its metadata: the bin holds at most as many as it had slabs at its peak.
     */
    private long spareBitmaps;
    private long sliceNext;
    private long sliceEnd;
    private final long bitmapStride;
    private final MetadataBase base;
    private static final int BITMAP_BATCH = 16;

    public Bin(int sizeClass, SizeClasses classes, PageAllocator pages, AddressMap map, int owner) {
        this(sizeClass, classes, pages, map, owner, null, -1);
    }

    /**
     * @param guards guard pages around every Nth new slab, or null for none
     * @param arena the index of the arena the bin belongs to (the guarded slabs' {@link Extent#arena})
     */
    public Bin(int sizeClass, SizeClasses classes, PageAllocator pages, AddressMap map, int owner,
               SlabGuards guards, int arena) {
        this.sizeClass = sizeClass;
        this.guards = guards;
        this.arena = arena;
        this.owner = owner;
        this.regionSize = classes.sizeOf(sizeClass);
        this.regions = classes.regionsPerSlab(sizeClass);
        this.slabSize = (long) classes.slabPages(sizeClass) * classes.pageSize();
        this.words = Bitmap.words(regions);
        this.bitmapStride = Bitmap.stride(regions);
        this.base = pages.metadata();
        this.divMagic = classes.divMagic(sizeClass);
        this.pageSize = classes.pageSize();
        this.pages = pages;
        this.map = map;
        this.parkedCapacity = Math.clamp(2L * regions, 16, 256);
    }

    /**
     * Hands out {@code n} regions, lowest address first, written to {@code out[from+n-1]} down to
     * {@code out[from]} (so a stack popping from the top gets the lowest first).
     *
     * @throws OutOfMemoryError when a new slab cannot be mapped and no region was handed out
     * @return the number handed out: {@code n}, or fewer when memory ran out part way
     */
    public int fill(long[] out, int from, int n) {
        fills++;
        int done = Math.min(n, parkedCount);
        for (int k = 0; k < done; k++) {
            out[from + n - 1 - k] = parked[--parkedCount];
        }
        mallocs += done;
        curRegions += done;
        try {
            while (done < n) {
                Extent slab = nonFull.first();
                if (slab == null) {
                    slab = newSlab();
                }
                // As many as this slab has, in one pass over its bitmap.
                int take = Math.min(n - done, slab.free);
                Bitmap.setLowestClear(slab.bitmap, take, slab.base, regionSize, out, from + n - 1 - done);
                done += take;
                mallocs += take;
                curRegions += take;
                slab.free -= take;
                if (slab.free == 0) {
                    nonFull.remove(slab);
                }
            }
        } catch (OutOfMemoryError oom) {
            if (done == 0) {
                throw oom;
            }
            System.arraycopy(out, from + n - done, out, from, done); // keep the got ones contiguous
        }
        return done;
    }

    /** Hands out one region. */
    public long takeOne() {
        if (parkedCount > 0) {
            mallocs++;
            curRegions++;
            return parked[--parkedCount];
        }
        Extent slab = nonFull.first();
        if (slab == null) {
            slab = newSlab();
        }
        int index = Bitmap.setFirstClear(slab.bitmap, words);
        if (--slab.free == 0) {
            nonFull.remove(slab);
        }
        mallocs++;
        curRegions++;
        return slab.base + index * regionSize;
    }

    /**
     * Takes back a region of {@code slab}.
     *
     * @throws IllegalStateException when the region is already free
     */
    public void free(Extent slab, long address) {
        returnToSlab(slab, address);
        frees++;
        curRegions--;
    }

    /**
     * Takes back a region freed through a thread cache without touching its slab, when the parking
     * stack has room: the next {@link #fill} hands it out again first. A thread-cache flush followed
     * by another thread's refill (the cross-thread pattern) then costs two array copies instead of
     * bitmap and slab-list updates for every region — tcmalloc's transfer cache, in front of
     * jemalloc's slabs. {@link #drainParked()} (purge) returns parked regions to their slabs.
     *
     * @return false when the stack is full (the caller frees the region to its slab)
     */
    public boolean park(long address) {
        if (parkedCount == parked.length) {
            if (parked.length == parkedCapacity) {
                return false;
            }
            parked = Arrays.copyOf(parked, Math.min(parkedCapacity, Math.max(16, 2 * parked.length)));
        }
        parked[parkedCount++] = address;
        frees++;
        curRegions--;
        return true;
    }

    /** Counts one thread-cache flush into this bin (the batch its caller returns under one lock hold). */
    public void countFlush() {
        flushes++;
    }

    /** Returns every parked region to its slab, so empty slabs can go back to the pages. */
    public void drainParked() {
        while (parkedCount > 0) {
            long address = parked[--parkedCount];
            returnToSlab(map.get(address), address);
        }
    }

    /**
     * Gives back to the OS the pages of this bin's partly used slabs on which no region is out
     * ({@link PageAllocator#purgeSlabPages}): a slab that one live region keeps from emptying no
     * longer keeps its other pages resident. Regions parked or held in thread caches are out, so
     * their pages stay. A purged page reads as zero and faults in again when one of its regions is
     * handed out; nothing else changes (the slab stays active, with its bitmap). Only for an explicit
     * purge: it walks every partly used slab. Lock held.
     *
     * @return the bytes given back
     */
    public long purgeUnusedPages() {
        if (slabSize == pageSize) {
            return 0; // a one-page slab that is not full has a region out on its only page
        }
        long[] purged = new long[1];
        nonFull.forEach(slab -> purged[0] += purgeUnusedPages(slab));
        return purged[0];
    }

    /** {@link #purgeUnusedPages()} for one slab: each run of pages whose regions are all free, one call. */
    private long purgeUnusedPages(Extent slab) {
        long purged = 0;
        long runStart = -1;
        int slabPages = (int) (slabSize / pageSize);
        for (int p = 0; p <= slabPages; p++) {
            // Regions lo..hi overlap page p (a region may straddle two pages).
            boolean unused = p < slabPages && Bitmap.allClear(slab.bitmap,
                    (int) (p * pageSize / regionSize), (int) Math.min(regions - 1, ((p + 1) * pageSize - 1) / regionSize));
            if (unused && runStart < 0) {
                runStart = p;
            } else if (!unused && runStart >= 0) {
                purged += pages.purgeSlabPages(slab.base + runStart * pageSize, (p - runStart) * pageSize);
                runStart = -1;
            }
        }
        return purged;
    }

    /**
     * Whether moving a live region of {@code slab} elsewhere would help empty it: the defragmentation
     * hint Redis asks jemalloc for. True when the slab is not full, is not the one being filled (the
     * lowest-address non-full slab, which {@link #fill} and {@link #takeOne} serve next), and is no
     * more utilized than the bin's other slabs on average:
     *
     * <pre>
     *   used(s) = regions − s.free                        (regions marked out in s's bitmap)
     *   U       = Σ used over the bin's slabs − used(current) = curRegions + parked − used(current)
     *   S       = curSlabs − 1                            (without the current slab)
     *   move    ⇔  used(slab) / regions  ≤  U / (S × regions)   ⇔   used(slab) × S ≤ U
     * </pre>
     *
     * "No more than" rather than "less than", as jemalloc's hint has it: with a strict test, slabs
     * left at the same utilization would all stay, and repeated passes would stop with every one of
     * them partly empty; with it, their blocks move into the slab being filled until they empty. The
     * figures count regions held in thread caches as used, so a caller that wants the freest picture
     * flushes its cache first. Lock held.
     */
    public boolean shouldMove(Extent slab) {
        Extent current = nonFull.first();
        if (slab == current || slab.free == 0) {
            return false;
        }
        long used = curRegions + parkedCount;
        long slabs = curSlabs;
        if (current != null) {
            used -= regions - current.free;
            slabs--;
        }
        return (long) (regions - slab.free) * slabs <= used;
    }

    /** Regions parked now (free, but still marked out in their slabs' bitmaps). Lock held. */
    public int parked() {
        return parkedCount;
    }

    /**
     * {@link #parked()} read without the lock, only to skip bins with nothing parked: a stale 0
     * means a concurrent flush parked regions after the caller's own flush, which it did not ask
     * to drain.
     */
    public int parkedRacy() {
        return parkedCount;
    }

    private void returnToSlab(Extent slab, long address) {
        int index = (int) SizeClasses.exactQuotient(address - slab.base, divMagic);
        if (!Bitmap.isSet(slab.bitmap, index)) {
            throw BlockErrors.doubleFree(address);
        }
        Bitmap.clear(slab.bitmap, index);
        int free = ++slab.free;
        if (free == 1) {
            nonFull.insert(slab);
        }
        if (free == regions) {
            nonFull.remove(slab);
            releaseSlab(slab);
        }
    }

    private Extent newSlab() {
        long bitmap = takeBitmap(); // first: it may throw OutOfMemoryError, and then no run is lost
        Extent slab = guards != null && guards.due() ? guards.allocate(slabSize, arena)
                : pages.allocate(slabSize, pageSize, regionSize);
        map.setRange(slab.base, slab.end(), slab); // every page: an interior region finds its slab
        slab.slab = true;
        slab.sizeClass = sizeClass;
        slab.regionSize = regionSize;
        slab.divMagic = divMagic;
        slab.regions = regions;
        slab.free = regions;
        slab.bitmap = bitmap;
        Bitmap.init(bitmap, regions);
        PageIndex.register(owner, slab.arena, slab.base, slab.size, sizeClass, true);
        nonFull.insert(slab);
        curSlabs++;
        totalSlabs++;
        return slab;
    }

    /** A bitmap for a new slab: a released slab's, else the next of the current batch, else a new batch's first. */
    private long takeBitmap() {
        long bitmap = spareBitmaps;
        if (bitmap != 0) {
            spareBitmaps = Bitmap.next(bitmap);
            return bitmap;
        }
        if (sliceNext == sliceEnd) {
            long bytes = BITMAP_BATCH * bitmapStride;
            sliceNext = base.allocate(bytes);
            sliceEnd = sliceNext + bytes;
            bitmapBytes += bytes;
        }
        bitmap = sliceNext;
        sliceNext += bitmapStride;
        return bitmap;
    }

    private void releaseSlab(Extent slab) {
        curSlabs--;
        PageIndex.clear(slab.base, slab.size);
        Bitmap.link(slab.bitmap, spareBitmaps);
        spareBitmaps = slab.bitmap;
        slab.bitmap = 0;
        if (guards == null || !guards.release(slab)) {
            pages.release(slab);
        }
    }

    // ---- statistics (lock held) --------------------------------------------------------------

    public long mallocs() {
        return mallocs;
    }

    public long frees() {
        return frees;
    }

    public long curRegions() {
        return curRegions;
    }

    public long curSlabs() {
        return curSlabs;
    }

    public long totalSlabs() {
        return totalSlabs;
    }

    /** {@link #fill} calls so far. */
    public long fills() {
        return fills;
    }

    /** {@link #countFlush} calls so far. */
    public long flushes() {
        return flushes;
    }

    /** Bytes of the bitmaps of this bin's slabs and spares (off the heap), and of the parked-regions stack (on it). */
    public long metadataBytes() {
        return bitmapBytes + HeapBytes.longArray(parked.length);
    }
}
