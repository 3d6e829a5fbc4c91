package org.jmalloc.allocator.sizeclass;

/**
 * The size classes: jemalloc's scheme with a 16-byte quantum and four classes per doubling.
 *
 * <pre>
 *   index   0   1   2   3 |  4   5   6   7 |  8   9  10  11 | 12  13  14  15 | ...
 *   size   16  32  48  64 | 80  96 112 128 | 160 192 224 256 | 320 384 448 512 | ...
 *   delta        16       |      16        |       32        |       64        | ...
 * </pre>
 *
 * Group 0 holds the quantum multiples up to 4 × quantum; after that each doubling
 * {@code (2^k, 2^(k+1)]} holds four classes spaced {@code 2^(k-2)} apart. Every class is a multiple of
 * 16, so every block is 16-byte aligned.
 *
 * <p>Which classes are <em>small</em> depends on the page size: classes below {@code 4 × page} are
 * carved out of slabs whose size is the smallest multiple of the least common multiple of the page
 * and the region size (so regions tile the slab exactly) that is at least {@link #minSlab} bytes;
 * larger classes are whole page runs. The minimum amortizes a slab's fixed bookkeeping (its 96-byte
 * extent record and its bitmap's padding) over at least 16 KiB: with one-page slabs of 4 KiB pages
 * that bookkeeping alone is about 3 % of the slab (jemalloc pays the same); at 16 KiB it is 0.7 %.
 * Classes up to 64 B get 32 KiB, since their bitmaps already cost 0.2-0.8 % (a bit per region);
 * together this keeps {@code stats.metadata} within 2 % of the allocated bytes. The
 * thread caches and the bins size their stacks by {@link #runRegions} (the regions of the
 * least-common-multiple run), so the minimum does not make them larger. An instance holds the tables for
 * one page size; {@code SizeClassesTest} checks the lookup table against the formula for every size.
 */
public final class SizeClasses {

    public static final int LG_QUANTUM = 4;
    public static final long QUANTUM = 1L << LG_QUANTUM;
    /** log2 of the classes per doubling. */
    public static final int LG_NGROUP = 2;
    /** The largest request accepted: 1 TiB. */
    public static final long MAX_SIZE = 1L << 40;
    /** Number of classes from 16 bytes to {@link #MAX_SIZE}. */
    public static final int NUM_CLASSES = index(MAX_SIZE) + 1;
    /**
     * The largest size {@link #quickIndex} covers: the largest small class of the smallest page
     * (4 KiB), so every size it covers is small whatever the page size.
     */
    public static final long QUICK_MAX = size(index(4 * 4096) - 1);
    /** The smallest slab of a class above {@link #TINY_MAX}: the least common multiple of page and region, repeated to at least this. */
    public static final long MIN_SLAB = 16 * 1024;
    /** The smallest slab of a class up to {@link #TINY_MAX}. */
    public static final long MIN_TINY_SLAB = 32 * 1024;
    /** The largest class with {@link #MIN_TINY_SLAB}. */
    public static final long TINY_MAX = 64;
    /**
     * Class index for every request size up to {@link #QUICK_MAX}, indexed by
     * {@code (size + 15) >>> 4}. One table for every page size (a size's class index does not
     * depend on the page size), and a constant, so a caller's compiled code loads neither it nor
     * its length.
     */
    private static final byte[] QUICK = new byte[(int) (QUICK_MAX >>> LG_QUANTUM) + 1];

    static {
        for (int q = 0; q < QUICK.length; q++) {
            QUICK[q] = (byte) index(Math.max(1, (long) q << LG_QUANTUM));
        }
    }

    private final long pageSize;
    private final int smallCount;
    private final long smallMax;
    private final long[] sizes;
    private final int[] slabPages;
    private final int[] regionsPerSlab;
    private final int[] runRegions;
    private final int[] divMagic;

    /**
     * The tables for one page size.
     *
     * @param pageSize a power of two, at least 4096
     */
    public SizeClasses(long pageSize) {
        if (pageSize < 4096 || Long.bitCount(pageSize) != 1 || pageSize > (1L << 24)) {
            throw new IllegalArgumentException("invalid page size " + pageSize
                    + ": must be a power of two from 4096 to 16777216");
        }
        this.pageSize = pageSize;
        this.smallCount = index(4 * pageSize);
        this.smallMax = size(smallCount - 1);
        this.sizes = new long[NUM_CLASSES];
        for (int i = 0; i < NUM_CLASSES; i++) {
            sizes[i] = size(i);
        }
        this.slabPages = new int[smallCount];
        this.regionsPerSlab = new int[smallCount];
        this.runRegions = new int[smallCount];
        this.divMagic = new int[smallCount];
        for (int i = 0; i < smallCount; i++) {
            long reg = sizes[i];
            long run = pageSize / gcd(pageSize, reg) * reg;
            long slab = run * ((minSlab(reg) + run - 1) / run);
            slabPages[i] = (int) (slab / pageSize);
            regionsPerSlab[i] = (int) (slab / reg);
            runRegions[i] = (int) (run / reg);
            divMagic[i] = (int) divMagicOf(reg);
        }
    }

    // ---- the formula --------------------------------------------------------------------------

    /**
     * The index of the smallest class that holds {@code size} bytes.
     *
     * <p>Derivation: for {@code size > 64}, {@code x = floor(log2(2·size − 1))} is the exponent of the
     * class's doubling {@code (2^(x-1), 2^x]}; the group number is {@code x − 6}, the spacing inside
     * the group is {@code 2^(x-3)}, and the position in the group is the 2 bits of {@code size − 1}
     * above the spacing.
     *
     * @param size 1 to {@link #MAX_SIZE} (not checked)
     */
    public static int index(long size) {
        if (size <= 4 * QUANTUM) {
            return (int) ((size - 1) >>> LG_QUANTUM);
        }
        int x = 63 - Long.numberOfLeadingZeros((size << 1) - 1);
        int group = x - (LG_NGROUP + LG_QUANTUM);
        int lgDelta = x - LG_NGROUP - 1;
        int mod = (int) (((size - 1) >>> lgDelta) & ((1 << LG_NGROUP) - 1));
        return (group << LG_NGROUP) + mod;
    }

    /** The size of class {@code index}: the inverse of {@link #index(long)}. */
    public static long size(int index) {
        int group = index >>> LG_NGROUP;
        int mod = index & ((1 << LG_NGROUP) - 1);
        if (group == 0) {
            return (long) (mod + 1) << LG_QUANTUM;
        }
        long groupBase = (QUANTUM << (LG_NGROUP - 1)) << group;
        return groupBase + ((long) (mod + 1) << (group + LG_QUANTUM - 1));
    }

    /** The usable size a request of {@code size} bytes gets. */
    public static long roundUp(long size) {
        return size(index(size));
    }

    // ---- per page size ------------------------------------------------------------------------

    public long pageSize() {
        return pageSize;
    }

    /** Number of small classes (indices {@code 0 .. smallCount-1}). */
    public int smallCount() {
        return smallCount;
    }

    /** The largest small class, {@code < 4 × page}. */
    public long smallMax() {
        return smallMax;
    }

    /** Class index by table for {@code 1 ≤ size ≤ QUICK_MAX}: one shift and one load. */
    public static int quickIndex(long size) {
        return QUICK[(int) ((size + QUANTUM - 1) >>> LG_QUANTUM)];
    }

    /** Class index for any valid size: by table up to {@link #QUICK_MAX}, by formula above. */
    public int indexOf(long size) {
        return size <= QUICK_MAX ? quickIndex(size) : index(size);
    }

    /** The size of class {@code index} by table. */
    public long sizeOf(int index) {
        return sizes[index];
    }

    public int slabPages(int smallIndex) {
        return slabPages[smallIndex];
    }

    public int regionsPerSlab(int smallIndex) {
        return regionsPerSlab[smallIndex];
    }

    /** The smallest slab for regions of {@code regionSize} bytes: {@link #MIN_TINY_SLAB} up to {@link #TINY_MAX}, else {@link #MIN_SLAB}. */
    public static long minSlab(long regionSize) {
        return regionSize <= TINY_MAX ? MIN_TINY_SLAB : MIN_SLAB;
    }

    /**
     * Regions in the least common multiple of page and region size (a slab without the
     * {@link #minSlab} minimum): what the thread caches and bins size their stacks by, as jemalloc
     * sizes them by its slabs' region count.
     */
    public int runRegions(int smallIndex) {
        return runRegions[smallIndex];
    }

    /**
     * {@code ceil(2^32 / regionSize)}: for an offset {@code n < 2^32} that is a multiple of the
     * region size, {@code (n * magic) >>> 32 == n / regionSize} exactly; for an offset that is not a
     * multiple, {@code quotient * regionSize != n}, which is how interior pointers are caught without a
     * division.
     */
    public int divMagic(int smallIndex) {
        return divMagic[smallIndex];
    }

    /** {@code ceil(2^32 / regionSize)}, the {@link #divMagic} of a region size from 2 to 2^31. */
    public static long divMagicOf(long regionSize) {
        return ((1L << 32) + regionSize - 1) / regionSize;
    }

    /**
     * {@code n / regionSize} for an {@code n < 2^32} that is a multiple of the region size, by its {@code magic}
     * ({@link #divMagic}): one multiplication and a shift instead of a 64-bit division. For any other {@code n} the
     * result is {@code n / regionSize} or one more (the magic's error is below {@code n / 2^32}).
     */
    public static long exactQuotient(long n, int magic) {
        return (n * (magic & 0xFFFFFFFFL)) >>> 32;
    }

    /** {@code n / regionSize} rounded down, for any {@code 0 <= n < 2^32}: {@link #exactQuotient}, corrected. */
    public static long quotient(long n, int magic, long regionSize) {
        long q = exactQuotient(n, magic);
        return q * regionSize > n ? q - 1 : q;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
