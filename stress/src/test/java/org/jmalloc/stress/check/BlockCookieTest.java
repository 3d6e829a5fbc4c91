package org.jmalloc.stress.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlockCookieTest {

    private final BlockCookie cookie = new BlockCookie(42);

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {1, 7, 8, 9, 63, 64, 100, 4095, 4096, 4097, 10_000, 65_537, 1 << 20})
    void verify_acceptsTheBlockItWrote(long size) {
        try (Arena arena = Arena.ofConfined()) {
            long a = arena.allocate(size, 16).address();
            cookie.write(a, size);
            assertEquals(-1, cookie.verify(a, a, size, size));
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {1, 9, 100, 4096, 4097, 65_537})
    void verify_findsTheFirstAndTheLastByteChanged(long size) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(size, 16);
            long a = s.address();
            cookie.write(a, size);
            flip(s, size - 1);
            long last = cookie.verify(a, a, size, size);
            assertTrue(last >= 0 && last <= size - 1 && size - 1 - last < 8, "reported offset " + last);
            flip(s, size - 1);
            flip(s, 0);
            assertEquals(0, cookie.verify(a, a, size, size));
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {4097, 65_537, 1 << 20})
    void verify_findsAChangeOnAStrideWordOfABigBlock(long size) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(size, 16);
            long a = s.address();
            cookie.write(a, size);
            long strideWord = size > 2 * BlockCookie.STRIDE ? BlockCookie.STRIDE : 0;
            flip(s, strideWord + 3);
            assertEquals(strideWord, cookie.verify(a, a, size, size));
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {16, 256, 4096, 8192})
    void verify_seesABlockWrittenOverByAnotherBlockAtTheSameAddress(long size) {
        try (Arena arena = Arena.ofConfined()) {
            long a = arena.allocate(size, 16).address();
            cookie.write(a, size);
            new BlockCookie(43).write(a, size); // another run's pattern: same address, other seed
            assertEquals(0, cookie.verify(a, a, size, size));
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {64, 1000, 4096})
    void verify_seesAnyOverlapOfASmallBlock(long size) {
        try (Arena arena = Arena.ofConfined()) {
            long a = arena.allocate(2 * size, 16).address();
            cookie.write(a, size);
            cookie.write(a + size / 2 & ~15L, size); // a second block starting inside the first
            assertTrue(cookie.verify(a, a, size, size) >= 0);
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {64, 5000, 1 << 20})
    void verify_seesANeighbourThatStartsInsideTheTail(long size) {
        try (Arena arena = Arena.ofConfined()) {
            long a = arena.allocate(2 * size, 16).address();
            cookie.write(a, size);
            cookie.write(a + size - 32, size);
            assertTrue(cookie.verify(a, a, size, size) >= 0);
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {100, 4096, 10_000})
    void verify_withALimitChecksTheMovedPrefixOnly(long size) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment from = arena.allocate(size, 16);
            MemorySegment to = arena.allocate(size, 16);
            cookie.write(from.address(), size);
            long kept = size / 2;
            MemorySegment.copy(from, 0, to, 0, kept); // a shrinking realloc that moved the block
            assertEquals(-1, cookie.verify(from.address(), to.address(), size, kept));
            assertTrue(cookie.verify(from.address(), to.address(), size, size) >= 0);
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {5, 100, 4096, 70_000})
    void firstNonZero_findsADirtyByteOfCallocMemory(long size) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(size, 16); // zeroed by the JDK
            assertEquals(-1, cookie.firstNonZero(s.address(), size));
            s.set(ValueLayout.JAVA_BYTE, size - 1, (byte) 1);
            assertTrue(cookie.firstNonZero(s.address(), size) >= 0);
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {13, 4097})
    void describe_namesTheOffsetAndBothValues(long size) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(size, 16);
            cookie.write(s.address(), size);
            flip(s, size - 1);
            long bad = cookie.verify(s.address(), s.address(), size, size);
            String text = cookie.describe(s.address(), s.address(), size, bad, false);
            assertTrue(text.contains("offset " + bad) && text.contains("expected 0x") && text.contains("found 0x"), text);
        }
    }

    private static void flip(MemorySegment s, long offset) {
        s.set(ValueLayout.JAVA_BYTE, offset, (byte) ~s.get(ValueLayout.JAVA_BYTE, offset));
    }
}
