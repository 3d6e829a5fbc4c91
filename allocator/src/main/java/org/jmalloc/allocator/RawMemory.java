package org.jmalloc.allocator;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Raw reads and writes at addresses the allocator owns, through one segment over all of memory:
 * a constant, so a compiled access is a bounds check that folds away and a plain load or store.
 */
final class RawMemory {

    /** All of memory. A slice of it is one object and needs no restricted-method check per call. */
    static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;
    /**
     * Masks an address known to be a user-space block ({@code < 2^48}): a no-op on the value that
     * tells the compiler the offset is in range, so {@link #MEMORY}'s bounds check folds away.
     */
    static final long USER_SPACE = (1L << 48) - 1;

    private RawMemory() {
    }

    static long word(long address) {
        return MEMORY.get(WORD, address & USER_SPACE);
    }

    static void setWord(long address, long value) {
        MEMORY.set(WORD, address & USER_SPACE, value);
    }

    /** A segment of {@code size} bytes at {@code address}, not bound to any scope. */
    static MemorySegment slice(long address, long size) {
        return MEMORY.asSlice(address, size);
    }

    static void zero(long address, long size) {
        MEMORY.asSlice(address, size).fill((byte) 0);
    }

    static void copy(long from, long to, long bytes) {
        MemorySegment.copy(MEMORY, from, MEMORY, to, bytes);
    }
}
