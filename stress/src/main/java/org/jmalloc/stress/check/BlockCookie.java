package org.jmalloc.stress.check;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The integrity pattern written into every block a stress run allocates and verified when the
 * block is freed or reallocated. Not thread-safe per block: only the block's holder touches it.
 *
 * <h2>Design</h2>
 * The pattern of a block is keyed by the block's address and the run's seed:
 * {@code word(o) = mix64(key ^ mix64(seed)) + o * φ64}, where {@code o} is the byte offset in the
 * block and φ64 the 64-bit golden ratio. Two different blocks therefore write different values to
 * the same byte, so a block that overlaps another, a write past a neighbour's end, a page purged
 * while in use (it reads back as zero) or a realloc that copied the wrong bytes all show up as a
 * mismatch when the block is checked. Which bytes carry the pattern:
 * <pre>
 *   size &lt;= 4 KiB: every byte                 [w w w w w w ... w b b b]   (tail bytes of the next word)
 *   size  &gt; 4 KiB: first 64 B, one word every 4 KiB, last 64 B
 *                  [wwwwwwww ....... w ....... w ....... wwwwwwww]
 * </pre>
 * so every page of a big block is touched (its RSS is real) while the cost stays bounded. The
 * last 64 bytes of a big block are read and written unaligned, since sizes need not be multiples
 * of 8. What the pattern cannot see, other checks do: an overlap confined to the unpatterned
 * middle of a big block (the sampled shadow map), and two blocks at the same address, which write
 * the same pattern (the checked heap's exact set of live addresses).
 */
public final class BlockCookie {

    /** Blocks up to this size carry the pattern in every byte. */
    public static final long FULL_LIMIT = 4096;
    /** Bytes covered at each end of a bigger block. */
    public static final long EDGE = 64;
    /** Distance between the pattern's words in the middle of a bigger block. */
    public static final long STRIDE = 4096;

    private static final long PHI = 0x9E3779B97F4A7C15L;
    /** All of memory, for reading and writing raw addresses the allocator returned. */
    private static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;

    private static final int WRITE = 0;
    private static final int VERIFY = 1;
    private static final int ZERO = 2;

    private final long seedMix;

    /** @param seed the run's seed */
    public BlockCookie(long seed) {
        this.seedMix = mix64(seed);
    }

    /** Writes the pattern of {@code address} over the block {@code [address, address + size)}. */
    public void write(long address, long size) {
        scan(WRITE, address, address, size, size);
    }

    /**
     * Checks the pattern a block of {@code size} bytes keyed by {@code key} wrote, read at
     * {@code address} (which differs from the key after a realloc moved the block), looking only
     * at bytes below {@code limit}.
     *
     * @return the offset of the first byte that differs, or -1 when the pattern is intact
     */
    public long verify(long key, long address, long size, long limit) {
        return scan(VERIFY, key, address, size, limit);
    }

    /** @return the offset of the first patterned position that is not zero, or -1 */
    public long firstNonZero(long address, long size) {
        return scan(ZERO, address, address, size, size);
    }

    /**
     * Says what {@link #verify} (or, with {@code zero}, {@link #firstNonZero}) found at
     * {@code offset}: the expected and the actual bytes, as {@code "expected 0x.. found 0x.."}.
     */
    public String describe(long key, long address, long size, long offset, boolean zero) {
        boolean tailByte = size <= FULL_LIMIT && offset >= (size & ~7L);
        if (tailByte) {
            long tailOffset = size & ~7L;
            int shift = (int) (8 * (offset - tailOffset));
            long want = zero ? 0 : (byte) ((mix64(key ^ seedMix) + tailOffset * PHI) >>> shift) & 0xff;
            long found = MEMORY.get(ValueLayout.JAVA_BYTE, address + offset) & 0xff;
            return String.format("byte at offset %d: expected 0x%02x found 0x%02x", offset, want, found);
        }
        long want = zero ? 0 : mix64(key ^ seedMix) + offset * PHI;
        long found = MEMORY.get(WORD, address + offset);
        return String.format("8 bytes at offset %d: expected 0x%016x found 0x%016x", offset, want, found);
    }

    /** Writes one 8-byte value at {@code address} (tests use it to corrupt a block on purpose). */
    public static void poke(long address, long value) {
        MEMORY.set(WORD, address, value);
    }

    private long scan(int mode, long key, long address, long size, long limit) {
        final long base = mix64(key ^ seedMix);
        if (size <= FULL_LIMIT) {
            long o = 0;
            for (; o + 8 <= size; o += 8) {
                if (o + 8 <= limit && !word(mode, base, address, o)) {
                    return o;
                }
            }
            long tail = base + o * PHI;
            for (int i = 0; o + i < size; i++) {
                if (o + i < limit && !tailByte(mode, address + o + i, (byte) (tail >>> (8 * i)))) {
                    return o + i;
                }
            }
            return -1;
        }
        for (long o = 0; o < EDGE; o += 8) {
            if (o + 8 <= limit && !word(mode, base, address, o)) {
                return o;
            }
        }
        for (long o = STRIDE; o + 8 <= size - EDGE; o += STRIDE) {
            if (o + 8 <= limit && !word(mode, base, address, o)) {
                return o;
            }
        }
        for (long o = size - EDGE; o < size; o += 8) {
            if (o + 8 <= limit && !word(mode, base, address, o)) {
                return o;
            }
        }
        return -1;
    }

    private static boolean word(int mode, long base, long address, long offset) {
        long value = base + offset * PHI;
        switch (mode) {
            case WRITE -> {
                MEMORY.set(WORD, address + offset, value);
                return true;
            }
            case VERIFY -> {
                return MEMORY.get(WORD, address + offset) == value;
            }
            default -> {
                return MEMORY.get(WORD, address + offset) == 0;
            }
        }
    }

    private static boolean tailByte(int mode, long at, byte value) {
        switch (mode) {
            case WRITE -> {
                MEMORY.set(ValueLayout.JAVA_BYTE, at, value);
                return true;
            }
            case VERIFY -> {
                return MEMORY.get(ValueLayout.JAVA_BYTE, at) == value;
            }
            default -> {
                return MEMORY.get(ValueLayout.JAVA_BYTE, at) == 0;
            }
        }
    }

    /** Stafford's variant 13 of the MurmurHash3 finalizer: a bijection that spreads every bit. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
