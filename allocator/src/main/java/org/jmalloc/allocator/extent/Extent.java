package org.jmalloc.allocator.extent;

/**
 * A run of pages: the unit in which arenas get, split, coalesce and purge memory, and (as a slab or
 * a large block) the record behind every address the allocator hands out. jemalloc's {@code edata_t}.
 *
 * <p>One mutable object per run, recycled through a pool so steady-state operation allocates no
 * Java objects. Fields are plain: an extent is read and written only under its arena's locks, except
 * the fields a {@code free(address)} reads without a lock ({@link #base}, {@link #size},
 * {@link #state}, {@link #sizeClass}, {@link #regionSize}, {@link #divMagic}, {@link #arena}), which
 * are written before the address is handed out and so are visible through whatever the
 * application used to pass the address to the freeing thread.
 *
 * <p>Links: an extent is in at most one {@link AddressTree} (a state's free set or a bin's set of
 * non-full slabs) through {@code left/right/maxPages}, and in at most one age list (free extents,
 * oldest first, for decay) through {@code older/newer}.
 */
public final class Extent {

    /** Not in use: sitting in the extent pool. */
    public static final byte UNUSED = 0;
    /** Backing a slab or a large block. */
    public static final byte ACTIVE = 1;
    /** Free, pages possibly resident and holding old contents. */
    public static final byte DIRTY = 2;
    /** Free, purged lazily ({@code MADV_FREE}): the OS may take the pages at any time. */
    public static final byte MUZZY = 3;
    /** Free, purged with {@code MADV_DONTNEED}: not resident, reads as zero. */
    public static final byte RETAINED = 4;

    /** {@link #sample} values. */
    public static final byte NO_SAMPLE = 0;
    public static final byte SAMPLE = 1;
    public static final byte PROMOTED_SAMPLE = 2;
    public static final byte SPARE_SAMPLE_RUN = 3;

    public long base;
    public long size;
    public byte state;
    /** True while every byte is known to be zero (fresh from the OS or purged with DONTNEED). */
    public boolean zeroed;
    /** Owning arena's index. */
    public int arena;
    /** Size-class index of an active extent (small for slabs, large otherwise), -1 when free. */
    public int sizeClass = -1;
    public boolean slab;
    /**
     * Whether this large run holds a heap-profile sample: {@link #NO_SAMPLE}, {@link #SAMPLE} (a
     * large block that was sampled), {@link #PROMOTED_SAMPLE} (a sampled small block promoted to a
     * run of its own) or {@link #SPARE_SAMPLE_RUN} (a free run its arena keeps for the next
     * promoted sample: to the application, freed memory). Lets a slow-path free tell a sample
     * without asking the profiler.
     */
    public byte sample;

    // ---- slab fields ---------------------------------------------------------------------------
    public long regionSize;
    public int divMagic;
    public int regions;
    public int free;
    /**
     * Address of the region bitmap ({@code org.jmalloc.allocator.slab.Bitmap}, off the heap) while this run is a
     * slab (bit set = region out), else 0: it belongs to the slab's bin.
     */
    public long bitmap;

    // ---- AddressTree links ---------------------------------------------------------------------
    Extent left;
    Extent right;
    int priority;
    /** Largest {@link #size} in this node's subtree. */
    long maxSize;

    // ---- age list links (free extents, for decay) --------------------------------------------
    Extent older;
    Extent newer;

    public long end() {
        return base + size;
    }

    /** Clears every field (a slab's bitmap has gone back to its bin when the slab was released). */
    void reset() {
        base = 0;
        size = 0;
        state = UNUSED;
        zeroed = false;
        sizeClass = -1;
        slab = false;
        sample = NO_SAMPLE;
        regionSize = 0;
        divMagic = 0;
        regions = 0;
        free = 0;
        left = right = older = newer = null;
        priority = 0;
        maxSize = 0;
        bitmap = 0;
    }

    @Override
    public String toString() {
        return String.format("Extent[0x%x+%d state=%d class=%d slab=%b]", base, size, state, sizeClass, slab);
    }
}
