package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.function.Supplier;

/**
 * Writes and checks a cookie, a pseudo-random byte pattern, across raw blocks so that tests notice
 * when two blocks overlap, when a block is handed out twice, or when realloc loses its prefix.
 *
 * <p>Word {@code i} (bytes {@code 8i .. 8i+7}, little endian) of a block carrying seed {@code s} is
 * {@code s + i × φ} with φ = 0x9E3779B97F4A7C15 (a Weyl sequence: one add per word, so writing
 * megabytes stays cheap); a trailing partial word holds the low bytes of its word. The pattern
 * depends only on the seed and the offset, so a block moved by realloc still carries its old
 * pattern at its new address. Seeds come from {@link #seedFor(long, long)}, which mixes the block's
 * address with a caller's salt; two blocks {@code A}, {@code B} show equal words at offsets
 * {@code i}, {@code j} only if {@code sB − sA = (i − j) × φ}, which random 64-bit seeds almost
 * never satisfy, so an overlapping block is seen as damage.
 *
 * <p>Blocks are reached through one segment covering the whole address space; callers guarantee
 * the range is a block they own (the allocator's memory is off-heap and never checked by the JVM).
 */
final class Cookies {

    /** Every address, from 0: raw access to blocks the allocator hands out as {@code long}s. */
    static final MemorySegment RAW = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    /** The golden-ratio increment of the Weyl sequence. */
    private static final long PHI = 0x9E3779B97F4A7C15L;

    private static final ValueLayout.OfLong WORD =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Cookies() {
    }

    /** A seed for the block at {@code address}; {@code salt} tells apart blocks reusing an address. */
    static long seedFor(long address, long salt) {
        return mix(address * PHI ^ salt);
    }

    /** Fills {@code [address, address + length)} with the pattern of {@code seed}. */
    static void write(long address, long length, long seed) {
        long end = address + (length & ~7L);
        long word = seed;
        for (long at = address; at < end; at += 8, word += PHI) {
            RAW.set(WORD, at, word);
        }
        for (long o = length & ~7L; o < length; o++) {
            RAW.set(ValueLayout.JAVA_BYTE, address + o, patternByte(seed, o));
        }
    }

    /** The first offset in {@code [0, length)} that does not carry the pattern, or -1. */
    static long firstMismatch(long address, long length, long seed) {
        long end = address + (length & ~7L);
        long word = seed;
        for (long at = address; at < end; at += 8, word += PHI) {
            if (RAW.get(WORD, at) != word) {
                for (long o = at - address; ; o++) {
                    if (RAW.get(ValueLayout.JAVA_BYTE, address + o) != patternByte(seed, o)) {
                        return o;
                    }
                }
            }
        }
        long words = length >>> 3;
        for (long o = words << 3; o < length; o++) {
            if (RAW.get(ValueLayout.JAVA_BYTE, address + o) != patternByte(seed, o)) {
                return o;
            }
        }
        return -1;
    }

    /** Fails, naming the block and the offset, unless the range carries the pattern of {@code seed}. */
    static void check(long address, long length, long seed, String what) {
        check(address, length, seed, () -> what);
    }

    /** As {@link #check(long, long, long, String)}, building the description only on failure. */
    static void check(long address, long length, long seed, Supplier<String> what) {
        long at = firstMismatch(address, length, seed);
        if (at >= 0) {
            fail(String.format("%s: cookie of the block at 0x%x (%d bytes checked) is damaged at offset %d:"
                            + " found 0x%02x, expected 0x%02x (another block overlaps it or it was handed out twice)",
                    what.get(), address, length, at, RAW.get(ValueLayout.JAVA_BYTE, address + at), patternByte(seed, at)));
        }
    }

    /** The first offset in {@code [0, length)} whose byte is not zero, or -1. */
    static long firstNonZero(long address, long length) {
        long words = length >>> 3;
        for (long i = 0; i < words; i++) {
            if (RAW.get(WORD, address + (i << 3)) != 0) {
                for (long o = i << 3; ; o++) {
                    if (RAW.get(ValueLayout.JAVA_BYTE, address + o) != 0) {
                        return o;
                    }
                }
            }
        }
        for (long o = words << 3; o < length; o++) {
            if (RAW.get(ValueLayout.JAVA_BYTE, address + o) != 0) {
                return o;
            }
        }
        return -1;
    }

    /** Fails, naming the block and the offset, unless the range reads as zero. */
    static void checkZero(long address, long length, String what) {
        long at = firstNonZero(address, length);
        if (at >= 0) {
            fail(String.format("%s: block at 0x%x should read as zero over %d bytes but offset %d holds 0x%02x",
                    what, address, length, at, RAW.get(ValueLayout.JAVA_BYTE, address + at)));
        }
    }

    /** Fills a range with one byte value (to make a block dirty before it is freed). */
    static void fill(long address, long length, byte value) {
        RAW.asSlice(address, length).fill(value);
    }

    private static byte patternByte(long seed, long offset) {
        return (byte) ((seed + (offset >>> 3) * PHI) >>> ((offset & 7) << 3));
    }

    /** Stafford's variant 13 of the SplitMix64 finalizer: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
