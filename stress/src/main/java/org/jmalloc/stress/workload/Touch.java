package org.jmalloc.stress.workload;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/** Writes to a block without disturbing its cookie. */
final class Touch {

    private static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    /** Opaque stores, so that the JIT keeps every one of them (plain stores could be merged). */
    private static final VarHandle BYTE = ValueLayout.JAVA_BYTE.varHandle();

    private Touch() {}

    /**
     * Stores to the first byte of the block {@code writes} times, incrementing it, then stores
     * its first value back, so the cache line sees {@code writes + 1} stores and the byte ends
     * where it started (the cookie stays intact).
     */
    static void hammer(long address, int writes) {
        byte start = (byte) BYTE.getOpaque(MEMORY, address);
        byte b = start;
        for (int i = 0; i < writes; i++) {
            b++;
            BYTE.setOpaque(MEMORY, address, b);
        }
        BYTE.setOpaque(MEMORY, address, start);
    }
}
