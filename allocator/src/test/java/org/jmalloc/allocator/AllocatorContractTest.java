package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The allocator's API contract, run against every configuration of
 * {@link AllocatorConfigurations#all()} (page size × thread cache × arenas).
 */
class AllocatorContractTest {

    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    /** Request sizes from tiny to huge, including class boundaries and the small/large border. */
    private static long[] sizes(Allocator allocator) {
        long smallMax = allocator.config().smallMaxSize();
        return new long[] {1, 8, 15, 16, 17, 48, 63, 64, 65, 100, 128, 129, 1000, 4095, 4096, 4097, 10_000,
            smallMax - 1, smallMax, smallMax + 1, 100_000, MIB - 1, MIB, MIB + 1, 3 * MIB + 5, 9 * MIB};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jmalloc.allocator.AllocatorConfigurations#all")
    void configReportsTheRequestedSettings(AllocatorConfigurations.Spec spec) {
        try (Allocator allocator = spec.build()) {
            AllocatorConfig config = allocator.config();
            assertEquals(spec.pageSize(), config.pageSize(), "config().pageSize()");
            assertEquals(spec.threadCache(), config.threadCache(), "config().threadCache()");
            assertEquals(spec.arenas(), config.arenas(), "config().arenas()");
            assertEquals(spec.freeMarks(), config.freeMarks(), "config().freeMarks()");
            assertEquals(spec.arenas(), allocator.stats().arenas().size(), "arenas in stats()");
            assertTrue(config.osPageSize() > 0 && config.pageSize() % config.osPageSize() == 0,
                    "the logical page " + config.pageSize() + " is a multiple of the OS page " + config.osPageSize());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jmalloc.allocator.AllocatorConfigurations#all")
    void mallocReturnsAlignedDisjointBlocksOfTheSizeForSize(AllocatorConfigurations.Spec spec) {
        try (Allocator allocator = spec.build()) {
            LiveBlocks live = new LiveBlocks();
            for (int round = 0; round < 3; round++) {
                for (long size : sizes(allocator)) {
                    long address = allocator.malloc(size);
                    assertNotEquals(0, address, "malloc(" + size + ")");
                    assertEquals(0, address % 16, String.format("malloc(%d) returned 0x%x, not 16-aligned", size,
                            address));
                    long usable = allocator.usableSize(address);
                    assertEquals(allocator.sizeFor(size), usable, "usableSize after malloc(" + size + ")");
                    assertTrue(usable >= size, "usableSize " + usable + " < " + size);
                    LiveBlocks.Block block = live.add(address, size, usable, Cookies.seedFor(address, round));
                    Cookies.write(address, usable, block.seed);
                }
            }
            freeAllChecked(allocator, live);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jmalloc.allocator.AllocatorConfigurations#all")
    void everySmallClassIsServedWithExactlyItsSize(AllocatorConfigurations.Spec spec) {
        try (Allocator allocator = spec.build()) {
            LiveBlocks live = new LiveBlocks();
            for (Stats.SizeClassStats c : allocator.stats().sizeClasses()) {
                for (long size : new long[] {c.regionSize(), c.regionSize() - 1}) {
                    long address = allocator.malloc(size);
                    long usable = allocator.usableSize(address);
                    assertEquals(c.regionSize(), usable, "usableSize after malloc(" + size + ")");
                    Cookies.write(address, usable, live.add(address, size, usable, Cookies.seedFor(address, 0)).seed);
                }
            }
            freeAllChecked(allocator, live);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jmalloc.allocator.AllocatorConfigurations#all")
    void callocReturnsZeroedMemoryEvenWhenTheBlockWasDirty(AllocatorConfigurations.Spec spec) {
        try (Allocator allocator = spec.build()) {
            for (long size : sizes(allocator)) {
                long dirty = allocator.malloc(size);
                Cookies.fill(dirty, allocator.usableSize(dirty), (byte) 0xA5);
                allocator.free(dirty);
                long zeroed = allocator.calloc(1, size);
                Cookies.checkZero(zeroed, size, "calloc(1, " + size + ") right after a dirty free of that size");
                Cookies.fill(zeroed, size, (byte) 0x5A);
                allocator.free(zeroed);
                if (size % 8 == 0) {
                    long words = allocator.calloc(size / 8, 8);
                    Cookies.checkZero(words, size, "calloc(" + size / 8 + ", 8) after a dirty free of that size");
                    allocator.free(words);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jmalloc.allocator.AllocatorConfigurations#all")
    void alignedAllocReturnsAddressesAlignedToTheRequest(AllocatorConfigurations.Spec spec) {
        try (Allocator allocator = spec.build()) {
            LiveBlocks live = new LiveBlocks();
            for (long alignment = 1; alignment <= 4 * MIB; alignment <<= 1) {
                for (long size : new long[] {1, 24, 100, 5000, 70_000, MIB + 3}) {
                    long address = allocator.alignedAlloc(alignment, size);
                    assertEquals(0, address % alignment, String.format(
                            "alignedAlloc(%d, %d) returned 0x%x", alignment, size, address));
                    long usable = allocator.usableSize(address);
                    assertTrue(usable >= size, String.format("alignedAlloc(%d, %d): usableSize %d", alignment, size,
                            usable));
                    Cookies.write(address, usable, live.add(address, size, usable, Cookies.seedFor(address, alignment)).seed);
                }
            }
            freeAllChecked(allocator, live);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jmalloc.allocator.AllocatorConfigurations#all")
    void reallocPreservesThePrefixAcrossClasses(AllocatorConfigurations.Spec spec) {
        try (Allocator allocator = spec.build()) {
            long[] chain = {24, 200, 5000, allocator.config().smallMaxSize() + 1, 300_000, 3 * MIB, 9 * MIB, 700_000,
                2000, 100, 16, 1};
            long address = allocator.malloc(chain[0]);
            long usable = allocator.usableSize(address);
            long seed = Cookies.seedFor(address, 0);
            Cookies.write(address, usable, seed);
            for (int i = 1; i < chain.length; i++) {
                long moved = allocator.realloc(address, chain[i]);
                long kept = Math.min(usable, chain[i]);
                long at = Cookies.firstMismatch(moved, kept, seed);
                if (at >= 0) {
                    fail(String.format("realloc(0x%x, %d) from a %d-byte block returned 0x%x whose byte %d differs"
                            + " from the old contents (the first %d bytes must be kept)", address, chain[i], usable,
                            moved, at, kept));
                }
                address = moved;
                usable = allocator.usableSize(address);
                assertTrue(usable >= chain[i], "usableSize " + usable + " after realloc to " + chain[i]);
                seed = Cookies.seedFor(address, i);
                Cookies.write(address, usable, seed);
            }
            allocator.free(address);
            allocator.flushThreadCache();
            assertEquals(0, allocator.stats().allocated(), "stats().allocated after the last free");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jmalloc.allocator.AllocatorConfigurations#all")
    void reallocWithinTheSameClassKeepsTheAddress(AllocatorConfigurations.Spec spec) {
        try (Allocator allocator = spec.build()) {
            for (long size : new long[] {100, 1000, allocator.config().smallMaxSize(), 300_000, 3 * MIB}) {
                long sizeClass = allocator.sizeFor(size);
                long address = allocator.malloc(size);
                long seed = Cookies.seedFor(address, size);
                Cookies.write(address, sizeClass, seed);
                long previousClass = JemallocScheme.previous(sizeClass);
                for (long other : new long[] {sizeClass, previousClass + 1, size, (previousClass + 1 + sizeClass) / 2}) {
                    long moved = allocator.realloc(address, other);
                    assertEquals(address, moved, String.format("realloc(0x%x, %d) of a block of class %d"
                            + " (requests %d..%d share that class) should stay in place", address, other, sizeClass,
                            previousClass + 1, sizeClass));
                    Cookies.check(address, Math.min(other, sizeClass), seed, "after realloc in place");
                }
                allocator.free(address);
            }
            allocator.flushThreadCache();
            assertEquals(0, allocator.stats().allocated(), "stats().allocated after the last free");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jmalloc.allocator.AllocatorConfigurations#all")
    void reallocOfZeroBehavesAsMalloc(AllocatorConfigurations.Spec spec) {
        try (Allocator allocator = spec.build()) {
            for (long size : new long[] {1, 100, 10_000, MIB}) {
                long address = allocator.realloc(0, size);
                assertNotEquals(0, address, "realloc(0, " + size + ")");
                assertEquals(0, address % 16, String.format("realloc(0, %d) returned 0x%x", size, address));
                assertEquals(allocator.sizeFor(size), allocator.usableSize(address), "usableSize after realloc(0, "
                        + size + ")");
                Cookies.fill(address, size, (byte) 3);
                allocator.free(address);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jmalloc.allocator.AllocatorConfigurations#all")
    void freeOfZeroDoesNothing(AllocatorConfigurations.Spec spec) {
        try (Allocator allocator = spec.build()) {
            long block = allocator.malloc(64);
            long before = allocator.stats().allocated();
            allocator.free(0);
            assertEquals(before, allocator.stats().allocated(), "stats().allocated after free(0)");
            allocator.free(block);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jmalloc.allocator.AllocatorConfigurations#all")
    void sizedFreeAcceptsEverySizeOfTheBlocksClass(AllocatorConfigurations.Spec spec) {
        try (Allocator allocator = spec.build()) {
            for (long size : sizes(allocator)) {
                long sizeClass = allocator.sizeFor(size);
                for (long freeSize : new long[] {size, sizeClass, (size + sizeClass) / 2}) {
                    long address = allocator.malloc(size);
                    allocator.free(address, freeSize);
                }
            }
            allocator.flushThreadCache();
            assertEquals(0, allocator.stats().allocated(), "stats().allocated after sized frees of every block");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jmalloc.allocator.AllocatorConfigurations#all")
    void allocatedCountsLiveBlocksAndReturnsToZero(AllocatorConfigurations.Spec spec) {
        try (Allocator allocator = spec.build()) {
            List<Long> blocks = new ArrayList<>();
            long usable = 0;
            for (long size : sizes(allocator)) {
                long address = allocator.malloc(size);
                blocks.add(address);
                usable += allocator.usableSize(address);
            }
            long allocated = allocator.stats().allocated();
            if (spec.threadCache()) {
                assertTrue(allocated >= usable, "allocated " + allocated + " < usable bytes held " + usable);
            } else {
                assertEquals(usable, allocated, "stats().allocated with the blocks held");
            }
            blocks.forEach(allocator::free);
            allocator.flushThreadCache();
            assertEquals(0, allocator.stats().allocated(), "stats().allocated after freeing and flushThreadCache()");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jmalloc.allocator.AllocatorConfigurations#all")
    void repeatedMallocAndFreeReuseMemory(AllocatorConfigurations.Spec spec) {
        try (Allocator allocator = spec.build()) {
            long[] sizes = {64, 3000, 300_000, 3 * MIB};
            cycle(allocator, sizes, 10);
            long mapped = allocator.stats().mapped() + allocator.stats().retained();
            cycle(allocator, sizes, 500);
            long after = allocator.stats().mapped() + allocator.stats().retained();
            assertTrue(after <= mapped, "mapped + retained grew from " + mapped + " to " + after
                    + " over 500 malloc/free cycles of the same sizes");
        }
    }

    private static void cycle(Allocator allocator, long[] sizes, int times) {
        for (int i = 0; i < times; i++) {
            for (long size : sizes) {
                long address = allocator.malloc(size);
                Cookies.fill(address, Math.min(size, 4096), (byte) i);
                allocator.free(address);
            }
        }
    }

    private static void freeAllChecked(Allocator allocator, LiveBlocks live) {
        while (!live.isEmpty()) {
            LiveBlocks.Block block = live.removeAny();
            Cookies.check(block.address, block.usable, block.seed, "free");
            allocator.free(block.address);
        }
        allocator.flushThreadCache();
        assertEquals(0, allocator.stats().allocated(), "stats().allocated after freeing every block");
    }
}
