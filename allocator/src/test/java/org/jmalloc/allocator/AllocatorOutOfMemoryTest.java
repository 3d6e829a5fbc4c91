package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When the OS refuses memory, or the configured {@code maxBytes} would be exceeded, the request
 * fails with an {@link OutOfMemoryError} naming its size, and the allocator keeps serving requests
 * it can satisfy.
 */
class AllocatorOutOfMemoryTest {

    private static final long MIB = 1 << 20;

    @Test
    void refusedMmapThrowsOutOfMemoryErrorNamingTheRequest() {
        TestOsMemory os = TestOsMemory.refusingAbove(64 * MIB);
        try (Allocator allocator = Allocator.builder().osMemory(os).threadCache(false).arenas(1).build()) {
            long huge = 256 * MIB;
            OutOfMemoryError error = assertThrows(OutOfMemoryError.class, () -> allocator.malloc(huge));
            assertTrue(error.getMessage() != null && error.getMessage().startsWith("cannot allocate " + huge + " bytes"),
                    "message should start with \"cannot allocate " + huge + " bytes\" but was: " + error.getMessage());
            assertTrue(os.refusals() > 0, "the OS layer was asked for the memory and refused");
        }
    }

    @Test
    void allocatorServesSmallAndLargeRequestsAfterARefusedMmap() {
        TestOsMemory os = TestOsMemory.refusingAbove(64 * MIB);
        try (Allocator allocator = Allocator.builder().osMemory(os).threadCache(false).arenas(1).build()) {
            assertThrows(OutOfMemoryError.class, () -> allocator.malloc(256 * MIB));
            LiveBlocks live = new LiveBlocks();
            for (long size : new long[] {16, 64, 1000, 20_000, MIB, 4 * MIB}) {
                long address = allocator.malloc(size);
                long usable = allocator.usableSize(address);
                LiveBlocks.Block block = live.add(address, size, usable, Cookies.seedFor(address, size));
                Cookies.write(address, usable, block.seed);
            }
            while (!live.isEmpty()) {
                LiveBlocks.Block block = live.removeAny();
                Cookies.check(block.address, block.usable, block.seed, "after the refused mmap");
                allocator.free(block.address);
            }
            assertEquals(0, allocator.stats().allocated(), "stats().allocated after freeing everything");
        }
    }

    @Test
    void requestAboveMaxBytesThrowsOutOfMemoryErrorNamingTheLimit() {
        long limit = 64 * MIB;
        try (Allocator allocator = Allocator.builder().maxBytes(limit).threadCache(false).arenas(1).build()) {
            long request = 128 * MIB;
            OutOfMemoryError error = assertThrows(OutOfMemoryError.class, () -> allocator.malloc(request));
            assertEquals("cannot allocate " + request + " bytes: the allocator's limit of " + limit
                    + " mapped bytes would be exceeded", error.getMessage());
            long small = allocator.malloc(64);
            assertNotEquals(0, small);
            allocator.free(small);
        }
    }

    @Test
    void allocatorStaysUsableAfterReachingMaxBytesAndFreeing() {
        long limit = 64 * MIB;
        try (Allocator allocator = Allocator.builder().maxBytes(limit).threadCache(false).arenas(1).build()) {
            // A small block first maps the metadata chunk its slab's bitmap comes from (kept for good, under the
            // limit), so that both fills below meet the same room.
            allocator.free(allocator.malloc(64));
            int first = fillUntilRefused(allocator, limit);
            assertTrue(first > 0, "some 1 MiB blocks fit under a 64 MiB limit");
            int second = fillUntilRefused(allocator, limit);
            // The first fill's pieces are free again and may fit one more block than it found room for.
            assertTrue(second >= first, "1 MiB blocks that fit after freeing everything: " + second
                    + ", the first fill got " + first);
        }
    }

    /** Allocates 1 MiB blocks until the limit refuses one, checks the figures, frees them all; returns the count. */
    private static int fillUntilRefused(Allocator allocator, long limit) {
        List<Long> blocks = new ArrayList<>();
        OutOfMemoryError refused = null;
        for (int i = 0; i <= limit / MIB + 1 && refused == null; i++) {
            try {
                long block = allocator.malloc(MIB);
                Cookies.fill(block, MIB, (byte) 0x5A);
                blocks.add(block);
            } catch (OutOfMemoryError e) {
                refused = e;
            }
        }
        if (refused == null) {
            fail(blocks.size() + " blocks of 1 MiB fit under a limit of " + limit + " bytes");
        }
        assertEquals("cannot allocate " + MIB + " bytes: the allocator's limit of " + limit
                + " mapped bytes would be exceeded", refused.getMessage());
        Stats stats = allocator.stats();
        assertTrue(stats.mapped() + stats.retained() <= limit,
                "mapped " + stats.mapped() + " + retained " + stats.retained() + " must stay within the limit " + limit);
        assertEquals(blocks.size() * MIB, stats.allocated(), "stats().allocated with the blocks held");
        for (long block : blocks) {
            allocator.free(block);
        }
        assertEquals(0, allocator.stats().allocated(), "stats().allocated after freeing every block");
        long small = allocator.malloc(64);
        allocator.free(small);
        return blocks.size();
    }

    @Test
    void memoryFreedInAnotherArenaServesThisArenaOnceTheLimitIsReached() throws Exception {
        long limit = 64L << 20;
        try (Allocator allocator = Allocator.builder().arenas(2).maxBytes(limit).build()) {
            Thread first = new Thread(() -> allocator.free(allocator.malloc(1 << 20)));
            first.start();
            first.join(); // binds arena 0 (now free again once the thread is reaped)
            Thread filler = new Thread(() -> {
                java.util.List<Long> blocks = new java.util.ArrayList<>();
                try {
                    while (true) {
                        blocks.add(allocator.malloc(1 << 20));
                    }
                } catch (OutOfMemoryError expected) {
                    // the limit is reached
                }
                blocks.forEach(allocator::free);
                allocator.flushThreadCache();
            });
            filler.start();
            filler.join();
            // This thread's arena has mapped little; the rest of the limit sits unused in the other arena.
            java.util.List<Long> mine = new java.util.ArrayList<>();
            for (int i = 0; i < 24; i++) {
                mine.add(allocator.malloc(2 << 20));
            }
            long big = allocator.malloc(8 << 20);
            assertTrue(allocator.stats().mapped() + allocator.stats().retained() <= limit,
                    "mapped + retained stays within maxBytes");
            allocator.free(big);
            mine.forEach(allocator::free);
        }
    }

    /**
     * C semantics: a realloc whose new block cannot be mapped throws and leaves the old block the
     * caller's, at its address, with its contents, and not handed out again (small and large,
     * with and without the thread cache).
     */
    @Test
    void failedReallocLeavesTheOldBlockOwnedAndIntact() {
        for (boolean cache : new boolean[] {true, false}) {
            TestOsMemory os = TestOsMemory.refusingAbove(32 * MIB);
            try (Allocator allocator = Allocator.builder().osMemory(os).threadCache(cache).arenas(1).build()) {
                for (long size : new long[] {3536, 2_994_843}) {
                    long a = allocator.malloc(size);
                    long usable = allocator.usableSize(a);
                    long seed = Cookies.seedFor(a, size);
                    Cookies.write(a, usable, seed);
                    int refusals = os.refusals();
                    assertThrows(OutOfMemoryError.class, () -> allocator.realloc(a, 64 * MIB));
                    assertTrue(os.refusals() > refusals, "the realloc asked the OS and was refused");
                    assertEquals(usable, allocator.usableSize(a), "usable size of the old block");
                    Cookies.check(a, usable, seed, "the old block after the failed realloc");
                    List<Long> others = new ArrayList<>();
                    for (int i = 0; i < 64; i++) {
                        long b = allocator.malloc(size);
                        assertNotEquals(a, b, "malloc handed out the block the failed realloc left live");
                        others.add(b);
                    }
                    Cookies.check(a, usable, seed, "the old block after more allocations of its class");
                    assertEquals(a, allocator.realloc(a, size - 1), "a realloc within its class stays in place");
                    allocator.free(a);
                    others.forEach(allocator::free);
                }
                allocator.flushThreadCache(); // cached blocks count as allocated
                assertEquals(0, allocator.stats().allocated(), "stats().allocated after freeing everything");
            }
        }
    }
}
