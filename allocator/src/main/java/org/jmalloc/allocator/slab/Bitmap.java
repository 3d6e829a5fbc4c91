package org.jmalloc.allocator.slab;

/**
 * A slab's region bitmap over a {@code long[]}: bit {@code i} set means region {@code i} is out
 * (allocated or parked in a thread cache), clear means free. Finding the lowest free region is what
 * gives slabs jemalloc's "lowest address first" packing.
 *
 * <p>Stateless helpers over a caller-owned array, so a slab's bitmap costs one array and no object.
 * Bits past {@code nbits} are kept set, so a scan never returns them.
 */
public final class Bitmap {

    private Bitmap() {
    }

    /** Words needed for {@code nbits} bits. */
    public static int words(int nbits) {
        return (nbits + 63) >>> 6;
    }

    /** Clears bits {@code 0 .. nbits-1} and sets the padding bits of the last word. */
    public static void init(long[] map, int nbits) {
        int words = words(nbits);
        for (int i = 0; i < words; i++) {
            map[i] = 0;
        }
        int tail = nbits & 63;
        if (tail != 0) {
            map[words - 1] = -1L << tail;
        }
    }

    public static boolean isSet(long[] map, int bit) {
        return (map[bit >>> 6] & (1L << bit)) != 0;
    }

    public static void set(long[] map, int bit) {
        map[bit >>> 6] |= 1L << bit;
    }

    public static void clear(long[] map, int bit) {
        map[bit >>> 6] &= ~(1L << bit);
    }

    /** Whether bits {@code from .. to} (inclusive) are all clear. */
    public static boolean allClear(long[] map, int from, int to) {
        for (int w = from >>> 6; w <= to >>> 6; w++) {
            long mask = -1L;
            if (w == from >>> 6) {
                mask &= -1L << from;
            }
            if (w == to >>> 6) {
                mask &= -1L >>> (63 - (to & 63));
            }
            if ((map[w] & mask) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sets the lowest clear bit and returns its index, or -1 when every bit is set.
     *
     * @param words the number of words in use, {@link #words(int)} of the slab's region count
     */
    public static int setFirstClear(long[] map, int words) {
        for (int w = 0; w < words; w++) {
            long inverted = ~map[w];
            if (inverted != 0) {
                int bit = Long.numberOfTrailingZeros(inverted);
                map[w] |= 1L << bit;
                return (w << 6) + bit;
            }
        }
        return -1;
    }

    /**
     * Sets the {@code count} lowest clear bits and writes the address of each region,
     * {@code base + bit × stride}, lowest first, to {@code out[last]}, {@code out[last-1]}, … (so a
     * stack popping from the top hands out the lowest address first). One pass over the words.
     *
     * @param count at most the number of clear bits
     */
    public static void setLowestClear(long[] map, int count, long base, long stride, long[] out, int last) {
        int k = 0;
        for (int w = 0; k < count; w++) {
            long word = map[w];
            long free = ~word;
            while (free != 0 && k < count) {
                int bit = Long.numberOfTrailingZeros(free);
                free &= free - 1;
                word |= 1L << bit;
                out[last - k] = base + (long) ((w << 6) + bit) * stride;
                k++;
            }
            map[w] = word;
        }
    }
}
