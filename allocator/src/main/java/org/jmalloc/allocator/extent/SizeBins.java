package org.jmalloc.allocator.extent;

/**
 * Free extents of one state, binned by size class and ordered by address within each bin: the
 * shape of jemalloc's {@code eset}. A request is served from the smallest bin that can serve it,
 * at the lowest address in that bin ({@link #bestFit}), so a small request does not split a large
 * free run while a run of its own size is free elsewhere, and large runs stay whole for large
 * requests; {@link #firstFit} is the plain lowest-address fit over every bin.
 *
 * <h2>Bins</h2>
 * Sizes are in pages; bin {@code k} holds the extents whose page count {@code n} has
 * {@code bin(n) == k}, four bins per doubling (the extent size classes of jemalloc's {@code psz}
 * scheme, rounded down):
 * <pre>
 *   n = 1..7:       bin = n − 1
 *   n ≥ 8:          bin = 7 + 4·(lg n − 3) + (the two bits of n below its top bit)
 *   lower(bin)      the smallest n in the bin; every extent of a bin above bin(m) has more than m pages
 * </pre>
 * A bitmap of non-empty bins lets a search skip empty ones; each bin is an {@link AddressTree}
 * (whose {@code maxSize} augmentation finds the lowest-address extent of at least a size inside the
 * bin the search starts in, where sizes below the request can sit).
 *
 * <p>Invariants ({@code SizeBinsTest}, against a brute-force scan): every extent is in the bin of
 * its size; {@code bytes()} and {@code count()} are the sums over the bins; a bin's bit is set iff
 * the bin is not empty. Not thread-safe: the arena's page lock guards it. The trees of runs of up
 * to 2^{@value #EAGER_PAGES_LG} pages are created with the bins (a tree first needed by a
 * short-lived thread would be its one heap allocation, and a thread's first heap allocation takes
 * a buffer of fresh heap of its own); those above, only when first used.
 */
final class SizeBins {

    /** Bins for page counts up to 2^48 (the 48-bit address space in pages of 4 KiB or more). */
    static final int BINS = 7 + 4 * (48 - 3) + 4;

    /** Trees created with the bins: those of runs of up to 2^this pages (4 GiB of 4 KiB pages). */
    static final int EAGER_PAGES_LG = 20;
    private static final int EAGER_BINS = bin(1L << EAGER_PAGES_LG) + 1;
    /** Heap bytes of one tree: a header, a reference, an int and a long, padded to 8. */
    static final long TREE_BYTES = HeapBytes.align(12 + HeapBytes.REFERENCE + 4 + 8);

    private final int lgPage;
    private final AddressTree[] bins = new AddressTree[BINS];
    private int trees;
    private final long[] nonEmpty = new long[(BINS + 63) / 64];
    private int count;
    private long bytes;

    SizeBins(int lgPage) {
        this.lgPage = lgPage;
        for (int k = 0; k < EAGER_BINS; k++) {
            bins[k] = new AddressTree();
        }
        trees = EAGER_BINS;
    }

    /** Heap bytes of the trees created so far. */
    long metadataBytes() {
        return trees * TREE_BYTES;
    }

    /** The bin of an extent of {@code pages} pages ({@code pages ≥ 1}). */
    static int bin(long pages) {
        if (pages < 8) {
            return (int) pages - 1;
        }
        int lg = 63 - Long.numberOfLeadingZeros(pages);
        return 7 + 4 * (lg - 3) + (int) ((pages >>> (lg - 2)) & 3);
    }

    /** The smallest page count of bin {@code k}. */
    static long lower(int k) {
        if (k < 7) {
            return k + 1;
        }
        int lg = 3 + (k - 7) / 4;
        return (4L + (k - 7) % 4) << (lg - 2);
    }

    boolean isEmpty() {
        return count == 0;
    }

    int count() {
        return count;
    }

    long bytes() {
        return bytes;
    }

    void insert(Extent e) {
        int k = bin(e.size >>> lgPage);
        AddressTree tree = bins[k];
        if (tree == null) {
            tree = new AddressTree();
            bins[k] = tree;
            trees++;
        }
        tree.insert(e);
        nonEmpty[k >>> 6] |= 1L << k;
        count++;
        bytes += e.size;
    }

    /** Removes {@code e}, which must be in these bins with the size it was inserted with. */
    void remove(Extent e) {
        int k = bin(e.size >>> lgPage);
        AddressTree tree = bins[k];
        if (tree == null) {
            throw new IllegalStateException("extent not in its size bin: " + e);
        }
        tree.remove(e);
        if (tree.isEmpty()) {
            nonEmpty[k >>> 6] &= ~(1L << k);
        }
        count--;
        bytes -= e.size;
    }

    /**
     * Gives the first {@code bytes} of {@code e} away ({@code e} stays in these bins): in place when
     * its bin does not change ({@link AddressTree#trimFront}), else moved to its new bin.
     */
    void trimFront(Extent e, long bytes) {
        if (bytes <= 0 || bytes >= e.size) {
            throw new IllegalArgumentException("trim of " + bytes + " bytes from " + e);
        }
        int k = bin(e.size >>> lgPage);
        if (bin((e.size - bytes) >>> lgPage) == k) {
            bins[k].trimFront(e, bytes);
            this.bytes -= bytes;
        } else {
            remove(e);
            e.base += bytes;
            e.size -= bytes;
            insert(e);
        }
    }

    /**
     * The lowest-address extent of at least {@code size} bytes in the smallest bin that has one, or
     * null when no extent of {@code size} to {@code maxSize} bytes is free (bins whose every extent
     * is larger than {@code maxSize} are not searched; in the last bin searched an extent larger than
     * {@code maxSize} is not returned).
     */
    Extent bestFit(long size, long maxSize) {
        int start = bin(size >>> lgPage);
        for (int k = next(start); k >= 0; k = next(k + 1)) {
            if ((lower(k) << lgPage) > maxSize) {
                return null;
            }
            Extent e = k == start ? bins[k].firstFit(size) : bins[k].first();
            if (e != null) {
                return e.size <= maxSize ? e : null;
            }
        }
        return null;
    }

    /** The lowest-address extent of at least {@code size} bytes, over every bin, or null. */
    Extent firstFit(long size) {
        int start = bin(size >>> lgPage);
        Extent best = null;
        for (int k = next(start); k >= 0; k = next(k + 1)) {
            Extent e = k == start ? bins[k].firstFit(size) : bins[k].first();
            if (e != null && (best == null || e.base < best.base)) {
                best = e;
            }
        }
        return best;
    }

    /** The first non-empty bin at or above {@code from}, or -1. */
    private int next(int from) {
        for (int w = from >>> 6; w < nonEmpty.length; w++) {
            long bits = nonEmpty[w];
            if (w == from >>> 6) {
                bits &= -1L << from;
            }
            if (bits != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(bits);
            }
        }
        return -1;
    }
}
