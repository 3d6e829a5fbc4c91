package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** {@code Builder.freeMarks}: what the free mark costs (a write into the block) and what it buys. */
class FreeMarksTest {

    private static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final long PATTERN = 0x0123_4567_89ab_cdefL;

    @Test
    void withMarksAFreeWritesTheBlocksFirstWordAndADoubleFreeFromTheCacheIsCaught() {
        try (Allocator allocator = Allocator.builder().arenas(1).build()) {
            assertTrue(allocator.config().freeMarks());
            long a = allocator.malloc(64);
            MEMORY.set(ValueLayout.JAVA_LONG, a, PATTERN);
            allocator.free(a);
            assertFalse(MEMORY.get(ValueLayout.JAVA_LONG, a) == PATTERN, "the free mark replaced the first word");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> allocator.free(a));
            assertEquals(String.format("double free of 0x%x: the block is already free", a), e.getMessage());
        }
    }

    @Test
    void withoutMarksMallocAndFreeTouchNoBlockMemory() {
        try (Allocator allocator = Allocator.builder().arenas(1).freeMarks(false).build()) {
            assertFalse(allocator.config().freeMarks());
            long a = allocator.malloc(64);
            MEMORY.set(ValueLayout.JAVA_LONG, a, PATTERN);
            allocator.free(a);
            assertEquals(PATTERN, MEMORY.get(ValueLayout.JAVA_LONG, a), "free left the block alone");
            long b = allocator.malloc(64);
            assertEquals(a, b, "the cache hands the same block back");
            assertEquals(PATTERN, MEMORY.get(ValueLayout.JAVA_LONG, b), "malloc left the block alone");
            allocator.free(b);
        }
    }

    @Test
    void withoutMarksADoubleFreeIsStillCaughtOnceTheBlockReachedItsSlab() {
        try (Allocator allocator = Allocator.builder().arenas(1).freeMarks(false).build()) {
            long a = allocator.malloc(64);
            long keep = allocator.malloc(64); // keeps the slab alive
            allocator.free(a);
            allocator.flushThreadCache(); // a goes back to its slab's bitmap
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
                allocator.free(a);
                allocator.flushThreadCache();
            });
            assertTrue(e.getMessage().contains(String.format("double free of 0x%x", a)), e.getMessage());
            allocator.free(keep);
        }
    }

    @Test
    void withoutMarksLargeDoubleFreesAreCaughtByTheExtentState() {
        try (Allocator allocator = Allocator.builder().arenas(1).freeMarks(false).build()) {
            long a = allocator.malloc(1 << 20);
            allocator.free(a);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> allocator.free(a));
            assertEquals(String.format("double free of 0x%x: the block is already free", a), e.getMessage());
        }
    }
}
