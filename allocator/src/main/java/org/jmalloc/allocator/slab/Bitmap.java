package org.jmalloc.allocator.slab;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A slab's region bitmap in off-heap memory ({@link org.jmalloc.allocator.extent.MetadataBase}):
 * words of 64 bits at {@code map}, {@code map + 8}, …; bit {@code i} set means region {@code i} is
 * out (allocated or parked in a thread cache), clear means free. Finding the lowest free region is
 * what gives slabs jemalloc's "lowest address first" packing.
 *
 * <p>Stateless helpers over caller-owned memory, so a slab's bitmap costs its words and no object.
 * Bits past {@code nbits} are kept set, so a scan never returns them.
 */
public final class Bitmap {

    private static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG;

    private static long get(long map, int w) {
        return MEMORY.get(WORD, map + ((long) w << 3));
    }

    private static void put(long map, int w, long value) {
        MEMORY.set(WORD, map + ((long) w << 3), value);
    }

    private Bitmap() {
    }

    /**
     * Bytes between two bitmaps of {@code nbits} bits laid side by side: their words, rounded up to a
     * power of two up to a cache line and to whole cache lines beyond, so no bitmap of eight words or
     * fewer straddles a line.
     */
    public static long stride(int nbits) {
        long bytes = 8L * words(nbits);
        return bytes >= 64 ? (bytes + 63) & -64L : Long.highestOneBit(2 * bytes - 1);
    }

    /** The word a spare bitmap keeps the address of the next spare in (a free list through the spares). */
    static long next(long map) {
        return get(map, 0);
    }

    static void link(long map, long next) {
        put(map, 0, next);
    }

    /** Words needed for {@code nbits} bits. */
    public static int words(int nbits) {
        return (nbits + 63) >>> 6;
    }

    /** Clears bits {@code 0 .. nbits-1} and sets the padding bits of the last word. */
    public static void init(long map, int nbits) {
        int words = words(nbits);
        for (int i = 0; i < words; i++) {
            put(map, i, 0);
        }
        int tail = nbits & 63;
        if (tail != 0) {
            put(map, words - 1, -1L << tail);
        }
    }

    public static boolean isSet(long map, int bit) {
        return (get(map, bit >>> 6) & (1L << bit)) != 0;
    }

    public static void set(long map, int bit) {
        put(map, bit >>> 6, get(map, bit >>> 6) | 1L << bit);
    }

    public static void clear(long map, int bit) {
        put(map, bit >>> 6, get(map, bit >>> 6) & ~(1L << bit));
    }

    /** Whether bits {@code from .. to} (inclusive) are all clear. */
    public static boolean allClear(long map, int from, int to) {
        for (int w = from >>> 6; w <= to >>> 6; w++) {
            long mask = -1L;
            if (w == from >>> 6) {
                mask &= -1L << from;
            }
            if (w == to >>> 6) {
                mask &= -1L >>> (63 - (to & 63));
            }
            if ((get(map, w) & mask) != 0) {
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
    public static int setFirstClear(long map, int words) {
        for (int w = 0; w < words; w++) {
            long word = get(map, w);
            long inverted = ~word;
            if (inverted != 0) {
                int bit = Long.numberOfTrailingZeros(inverted);
                put(map, w, word | 1L << bit);
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
    public static void setLowestClear(long map, int count, long base, long stride, long[] out, int last) {
        int k = 0;
        for (int w = 0; k < count; w++) {
            long word = get(map, w);
            long free = ~word;
            while (free != 0 && k < count) {
                int bit = Long.numberOfTrailingZeros(free);
                free &= free - 1;
                word |= 1L << bit;
                out[last - k] = base + (long) ((w << 6) + bit) * stride;
                k++;
            }
            put(map, w, word);
        }
    }
}
