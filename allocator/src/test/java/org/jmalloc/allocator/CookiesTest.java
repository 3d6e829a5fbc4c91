package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** The cookie checks the other tests rely on notice damage; memory here comes from a JDK arena. */
class CookiesTest {

    @Test
    void intactCookieChecksClean() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment block = arena.allocate(1003, 16);
            long seed = Cookies.seedFor(block.address(), 1);
            Cookies.write(block.address(), block.byteSize(), seed);
            assertEquals(-1, Cookies.firstMismatch(block.address(), block.byteSize(), seed));
        }
    }

    @Test
    void changingAnyOneByteIsNoticedAtItsOffset() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment block = arena.allocate(203, 16);
            long seed = Cookies.seedFor(block.address(), 2);
            Cookies.write(block.address(), block.byteSize(), seed);
            for (long offset = 0; offset < block.byteSize(); offset++) {
                byte old = block.get(ValueLayout.JAVA_BYTE, offset);
                block.set(ValueLayout.JAVA_BYTE, offset, (byte) (old ^ 0x10));
                assertEquals(offset, Cookies.firstMismatch(block.address(), block.byteSize(), seed),
                        "offset of the changed byte");
                block.set(ValueLayout.JAVA_BYTE, offset, old);
            }
        }
    }

    @Test
    void anOverlappingBlocksCookieIsNoticed() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(4096, 16);
            long a = memory.address();
            long b = a + 1024; // a 2048-byte block at a + 1024 overlaps a 2048-byte block at a
            long seedA = Cookies.seedFor(a, 3);
            Cookies.write(a, 2048, seedA);
            byte lower = memory.get(ValueLayout.JAVA_BYTE, 1024);
            // The two patterns agree at the first overlapping byte by chance, 1 address in 256 (the seed depends on
            // the address): then the damage starts later. Take the upper block's first tag whose pattern differs there.
            for (int tag = 4; ; tag++) {
                Cookies.write(b, 2048, Cookies.seedFor(b, tag));
                if (memory.get(ValueLayout.JAVA_BYTE, 1024) != lower) {
                    break;
                }
            }
            assertEquals(1024, Cookies.firstMismatch(a, 2048, seedA), "first damaged offset of the lower block");
            AssertionError error = assertThrows(AssertionError.class, () -> Cookies.check(a, 2048, seedA, "overlap"));
            assertTrue(error.getMessage().contains("offset 1024"), error.getMessage());
        }
    }

    @Test
    void aMovedBlockKeepsItsPatternAtTheNewAddress() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment from = arena.allocate(300, 16);
            MemorySegment to = arena.allocate(600, 16);
            long seed = Cookies.seedFor(from.address(), 5);
            Cookies.write(from.address(), 300, seed);
            to.copyFrom(from);
            assertEquals(-1, Cookies.firstMismatch(to.address(), 300, seed), "copied prefix");
            assertEquals(-1, Cookies.firstNonZero(to.address() + 300, 300), "JDK arena memory starts zeroed");
        }
    }
}
