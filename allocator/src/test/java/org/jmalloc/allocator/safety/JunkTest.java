package org.jmalloc.allocator.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** The free junk is verified byte by byte, across the check's chunk boundaries. */
class JunkTest {

    @Test
    void firstDifferenceFindsEveryWrittenByte() {
        try (Arena arena = Arena.ofConfined()) {
            long size = 3 * 4096 + 100;
            MemorySegment block = arena.allocate(size);
            Junk.fill(block.address(), size, Junk.FREE);
            assertEquals(-1, Junk.firstDifference(block.address(), size));
            for (long at : new long[] {0, 1, 4095, 4096, 8191, size - 1}) {
                block.set(ValueLayout.JAVA_BYTE, at, (byte) 0x41);
                assertEquals(at, Junk.firstDifference(block.address(), size), "byte " + at);
                assertEquals((byte) 0x41, Junk.byteAt(block.address() + at));
                block.set(ValueLayout.JAVA_BYTE, at, Junk.FREE);
            }
            Junk.fill(block.address(), size, Junk.ALLOC);
            assertEquals(0, Junk.firstDifference(block.address(), size), "allocation junk is not free junk");
        }
    }
}
