package org.jmalloc.allocator.safety;

import java.lang.foreign.MemorySegment;

/**
 * jemalloc's junk bytes: {@value #ALLOC_HEX} written over a block when it is allocated (so code
 * that reads memory it never wrote sees a recognisable pattern rather than stale data) and
 * {@value #FREE_HEX} when it is freed (so a use after free reads garbage, and a write after free
 * can be detected later by {@link #firstDifference}).
 */
public final class Junk {

    /** The byte written over a block on allocation. */
    public static final byte ALLOC = (byte) 0xA5;
    /** The byte written over a block on free. */
    public static final byte FREE = (byte) 0x5A;
    static final String ALLOC_HEX = "0xA5";
    static final String FREE_HEX = "0x5A";

    private static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final int CHUNK = 4096;
    /** {@link #CHUNK} bytes of {@link #FREE}, compared against a block chunk by chunk. */
    private static final MemorySegment FREE_PATTERN;

    static {
        FREE_PATTERN = java.lang.foreign.Arena.global().allocate(CHUNK);
        FREE_PATTERN.fill(FREE);
    }

    private Junk() {
    }

    /** Fills {@code size} bytes at {@code address} with {@code value}. */
    public static void fill(long address, long size, byte value) {
        MEMORY.asSlice(address, size).fill(value);
    }

    /**
     * The offset of the first byte in {@code [address, address + size)} that is not the free
     * junk, or -1 when every byte still is.
     */
    public static long firstDifference(long address, long size) {
        for (long off = 0; off < size; off += CHUNK) {
            long n = Math.min(CHUNK, size - off);
            long at = MemorySegment.mismatch(MEMORY, address + off, address + off + n, FREE_PATTERN, 0, n);
            if (at >= 0) {
                return off + at;
            }
        }
        return -1;
    }

    /** The byte at {@code address}. */
    public static byte byteAt(long address) {
        return MEMORY.get(java.lang.foreign.ValueLayout.JAVA_BYTE, address);
    }
}
