package org.jmalloc.allocator;

/**
 * The size classes a jemalloc-style allocator must produce, written from the scheme itself rather
 * than from the allocator's code: a 16-byte quantum up to 64 bytes, then four classes per doubling.
 *
 * <pre>
 *   size ≤ 64:          class = size rounded up to a multiple of 16            (16, 32, 48, 64)
 *   2^k &lt; size ≤ 2^(k+1), k ≥ 6:
 *                       class = size rounded up to a multiple of 2^(k-2)       (80, 96, 112, 128,
 *                                                                               160, 192, 224, 256, ...)
 * </pre>
 */
final class JemallocScheme {

    static final long QUANTUM = 16;

    private JemallocScheme() {
    }

    /** The class of a request of {@code size} bytes, {@code size ≥ 1}. */
    static long classOf(long size) {
        if (size <= 4 * QUANTUM) {
            return (size + QUANTUM - 1) & -QUANTUM;
        }
        int k = 63 - Long.numberOfLeadingZeros(size - 1); // 2^k < size <= 2^(k+1)
        long spacing = 1L << (k - 2);
        return (size + spacing - 1) & -spacing;
    }

    /** The class following class {@code sizeClass}. */
    static long next(long sizeClass) {
        return classOf(sizeClass + 1);
    }

    /** The class before class {@code sizeClass}, 0 for the smallest class. */
    static long previous(long sizeClass) {
        if (sizeClass <= 4 * QUANTUM) {
            return sizeClass - QUANTUM;
        }
        int k = 63 - Long.numberOfLeadingZeros(sizeClass - 1);
        return sizeClass - (1L << (k - 2));
    }
}
