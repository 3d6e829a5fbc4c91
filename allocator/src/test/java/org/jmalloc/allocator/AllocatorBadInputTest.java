package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jmalloc.allocator.extent.PageIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every bad input named in the API's error table gets the documented exception type and message
 * text, and leaves the allocator consistent: the blocks involved stay usable, and a block freed
 * twice is not handed out twice.
 */
class AllocatorBadInputTest {

    private static final long MAX_SIZE = 1L << 40;
    private static final long MIB = 1 << 20;

    private static Allocator allocator(boolean threadCache) {
        return Allocator.builder().threadCache(threadCache).arenas(1).build();
    }

    private static String invalidSize(long size) {
        return "invalid size " + size + ": must be between 1 and 1099511627776";
    }

    private static String invalidAlignment(long alignment) {
        return "invalid alignment " + alignment + ": must be a power of two up to 1073741824";
    }

    private static <T extends Throwable> void assertRejected(Class<T> type, String message, Executable call) {
        T thrown = assertThrows(type, call);
        assertEquals(message, thrown.getMessage(), "message of the " + type.getSimpleName());
    }

    @ParameterizedTest(name = "malloc({0})")
    @ValueSource(longs = {0, -1, MAX_SIZE + 1, Long.MIN_VALUE, Long.MAX_VALUE})
    void mallocRejectsASizeOutsideOneToMaxSize(long size) {
        try (Allocator allocator = allocator(true)) {
            assertRejected(IllegalArgumentException.class, invalidSize(size), () -> allocator.malloc(size));
        }
    }

    @ParameterizedTest(name = "calloc(1, {0})")
    @ValueSource(longs = {0, -1, MAX_SIZE + 1, Long.MIN_VALUE})
    void callocRejectsAnElementSizeOutsideOneToMaxSize(long size) {
        try (Allocator allocator = allocator(true)) {
            assertRejected(IllegalArgumentException.class, invalidSize(size), () -> allocator.calloc(1, size));
        }
    }

    @ParameterizedTest(name = "calloc({0}, {1})")
    @CsvSource({"4611686018427387903, 4", "1048576, 2097152", "2, 549755813889", "3, 1099511627776",
            "1099511627776, 2"})
    void callocRejectsACountTimesSizeAboveMaxSize(long count, long size) {
        try (Allocator allocator = allocator(true)) {
            assertRejected(IllegalArgumentException.class,
                    "calloc(" + count + ", " + size + ") overflows: count * size exceeds 1099511627776",
                    () -> allocator.calloc(count, size));
        }
    }

    @ParameterizedTest(name = "realloc(block, {0})")
    @ValueSource(longs = {0, -1, MAX_SIZE + 1, Long.MIN_VALUE})
    void reallocRejectsASizeOutsideOneToMaxSizeAndKeepsTheBlock(long size) {
        try (Allocator allocator = allocator(true)) {
            long block = allocator.malloc(100);
            long seed = Cookies.seedFor(block, 1);
            Cookies.write(block, 100, seed);
            assertRejected(IllegalArgumentException.class, invalidSize(size), () -> allocator.realloc(block, size));
            Cookies.check(block, 100, seed, "block after the rejected realloc");
            allocator.free(block);
            allocator.flushThreadCache();
            assertEquals(0, allocator.stats().allocated(), "stats().allocated after freeing the block");
        }
    }

    @ParameterizedTest(name = "realloc(0, {0})")
    @ValueSource(longs = {0, -1, MAX_SIZE + 1})
    void reallocOfNullRejectsASizeOutsideOneToMaxSize(long size) {
        try (Allocator allocator = allocator(true)) {
            assertRejected(IllegalArgumentException.class, invalidSize(size), () -> allocator.realloc(0, size));
        }
    }

    @ParameterizedTest(name = "alignedAlloc(64, {0})")
    @ValueSource(longs = {0, -1, MAX_SIZE + 1, Long.MIN_VALUE})
    void alignedAllocRejectsASizeOutsideOneToMaxSize(long size) {
        try (Allocator allocator = allocator(true)) {
            assertRejected(IllegalArgumentException.class, invalidSize(size), () -> allocator.alignedAlloc(64, size));
        }
    }

    @ParameterizedTest(name = "alignedAlloc({0}, 64)")
    @ValueSource(longs = {3, 0, 1L << 31, -16, 24, Long.MIN_VALUE})
    void alignedAllocRejectsAnAlignmentThatIsNotAPowerOfTwoUpToOneGib(long alignment) {
        try (Allocator allocator = allocator(true)) {
            assertRejected(IllegalArgumentException.class, invalidAlignment(alignment),
                    () -> allocator.alignedAlloc(alignment, 64));
        }
    }

    @ParameterizedTest(name = "free(0x{0}) tcache={1}")
    @CsvSource({"1000, true", "1000, false", "7ffd5a3c1e40, true", "7ffd5a3c1e40, false"})
    void freeRejectsAnAddressNeverReturned(String hex, boolean threadCache) {
        long address = Long.parseLong(hex, 16);
        try (Allocator allocator = allocator(threadCache)) {
            long live = allocator.malloc(64); // so the allocator has memory to look the address up in
            assertRejected(IllegalArgumentException.class,
                    String.format("free of 0x%x: not an address this allocator returned", address),
                    () -> allocator.free(address));
            allocator.free(live);
        }
    }

    /**
     * Both allocators share the process-wide page index the free fast path reads; a block of one
     * must not slip into the other's thread cache, sized or not, small or thread-cached large.
     */
    @ParameterizedTest(name = "size {0}")
    @ValueSource(longs = {64, 20_000})
    void freeRejectsABlockOfAnotherAllocatorAndItStaysLiveThere(long size) {
        try (Allocator mine = allocator(true); Allocator theirs = allocator(true)) {
            mine.free(mine.malloc(size)); // my cache has room for the class
            long block = theirs.malloc(size);
            String message = String.format("free of 0x%x: not an address this allocator returned", block);
            assertRejected(IllegalArgumentException.class, message, () -> mine.free(block));
            assertRejected(IllegalArgumentException.class, message, () -> mine.free(block, size));
            assertEquals(theirs.sizeFor(size), theirs.usableSize(block), "still live in its own allocator");
            theirs.free(block, size);
        }
    }

    @Test
    void aClosedAllocatorLeavesNoEntryInThePageIndex() {
        Allocator allocator = allocator(true);
        long small = allocator.malloc(64);
        long large = allocator.malloc(20_000);
        assertNotEquals(0, PageIndex.entry(small));
        assertNotEquals(0, PageIndex.entry(large));
        allocator.close();
        assertEquals(0, PageIndex.entry(small));
        assertEquals(0, PageIndex.entry(large));
    }

    @ParameterizedTest(name = "tcache={0}")
    @ValueSource(booleans = {true, false})
    void freeRejectsAnInteriorAddressOfASmallBlock(boolean threadCache) {
        try (Allocator allocator = allocator(threadCache)) {
            long block = allocator.malloc(64);
            for (long offset : new long[] {1, 16, 63}) {
                assertRejected(IllegalArgumentException.class,
                        String.format("free of 0x%x: interior address of the block at 0x%x", block + offset, block),
                        () -> allocator.free(block + offset));
            }
            allocator.free(block);
            allocator.flushThreadCache();
            assertEquals(0, allocator.stats().allocated(), "stats().allocated after freeing the block itself");
        }
    }

    @ParameterizedTest(name = "tcache={0}")
    @ValueSource(booleans = {true, false})
    void freeRejectsAnInteriorAddressOfALargeBlock(boolean threadCache) {
        try (Allocator allocator = allocator(threadCache)) {
            long block = allocator.malloc(MIB);
            long page = allocator.config().pageSize();
            for (long offset : new long[] {16, page, MIB / 2, MIB - 16}) {
                assertRejected(IllegalArgumentException.class,
                        String.format("free of 0x%x: interior address of the block at 0x%x", block + offset, block),
                        () -> allocator.free(block + offset));
            }
            allocator.free(block);
            assertEquals(0, allocator.stats().allocated(), "stats().allocated after freeing the block itself");
        }
    }

    @ParameterizedTest(name = "tcache={0}")
    @ValueSource(booleans = {true, false})
    void freeRejectsADoubleFreeOfASmallBlock(boolean threadCache) {
        try (Allocator allocator = allocator(threadCache)) {
            long keep = allocator.malloc(64); // keeps the slab alive
            long block = allocator.malloc(64);
            allocator.free(block);
            assertRejected(IllegalStateException.class,
                    String.format("double free of 0x%x: the block is already free", block),
                    () -> allocator.free(block));
            long first = allocator.malloc(64);
            long second = allocator.malloc(64);
            assertNotEquals(first, second, "after a rejected double free the block must be handed out only once");
            allocator.free(first);
            allocator.free(second);
            allocator.free(keep);
            allocator.flushThreadCache();
            assertEquals(0, allocator.stats().allocated(), "stats().allocated after freeing everything");
        }
    }

    @ParameterizedTest(name = "tcache={0}")
    @ValueSource(booleans = {true, false})
    void freeRejectsADoubleFreeOfALargeBlock(boolean threadCache) {
        try (Allocator allocator = allocator(threadCache)) {
            long before = allocator.malloc(MIB); // neighbours, so the freed extent has company
            long block = allocator.malloc(MIB);
            long after = allocator.malloc(MIB);
            allocator.free(block);
            assertRejected(IllegalStateException.class,
                    String.format("double free of 0x%x: the block is already free", block),
                    () -> allocator.free(block));
            allocator.free(before);
            allocator.free(after);
            assertEquals(0, allocator.stats().allocated(), "stats().allocated after freeing everything");
        }
    }

    @ParameterizedTest(name = "malloc({0}) then free(block, {1}) tcache={2}")
    @CsvSource({"64, 200, true", "64, 200, false", "64, 16, true", "64, 65, false", "64, 100000, true",
            "100000, 200000, true", "100000, 200000, false", "100000, 64, true", "100000, 98304, false"})
    void sizedFreeRejectsASizeFromAnotherClass(long requested, long wrongSize, boolean threadCache) {
        try (Allocator allocator = allocator(threadCache)) {
            long block = allocator.malloc(requested);
            long blockClass = JemallocScheme.classOf(requested);
            assertRejected(IllegalArgumentException.class,
                    String.format("sized free of 0x%x with size %d: the block is in size class %d bytes,"
                                    + " size %d is in class %d bytes",
                            block, wrongSize, blockClass, wrongSize, JemallocScheme.classOf(wrongSize)),
                    () -> allocator.free(block, wrongSize));
            allocator.free(block, requested);
            allocator.flushThreadCache();
            assertEquals(0, allocator.stats().allocated(), "stats().allocated after the correct sized free");
        }
    }

    /** {@code 1 << 31} is an int shift: the allocator receives -2^31 and its message says where that came from. */
    @Test
    void alignedAllocOfAnIntShiftedOverflowSaysWhatArrivedAndWhatWasMeant() {
        try (Allocator allocator = allocator(true)) {
            assertRejected(IllegalArgumentException.class, invalidAlignment(-2147483648L)
                            + " (-2147483648 is 1 << 31 evaluated in int arithmetic, i.e. 2147483648 overflowed;"
                            + " write 1L << 31)",
                    () -> allocator.alignedAlloc(1 << 31, 8));
            assertRejected(IllegalArgumentException.class, invalidSize(-2147483648L)
                            + " (-2147483648 is 1 << 31 evaluated in int arithmetic, i.e. 2147483648 overflowed;"
                            + " write 1L << 31)",
                    () -> allocator.malloc(1 << 31));
        }
    }

    /** A freed block is reported as free by realloc whatever its size, as by free. */
    @ParameterizedTest(name = "size {0} tcache={1}")
    @CsvSource({"64, true", "64, false", "100000, true", "100000, false", "1048576, true"})
    void reallocOfAFreedBlockSaysItIsAlreadyFree(long size, boolean threadCache) {
        try (Allocator allocator = allocator(threadCache)) {
            long keep = allocator.malloc(size); // keeps a small block's slab alive
            long block = allocator.malloc(size);
            allocator.free(block);
            assertRejected(IllegalStateException.class,
                    String.format("realloc of 0x%x: the block is already free", block),
                    () -> allocator.realloc(block, 2 * size));
            allocator.free(keep);
            allocator.flushThreadCache();
            assertEquals(0, allocator.stats().allocated(), "stats().allocated: the rejected realloc allocated nothing");
        }
    }

    /**
     * usableSize of a freed block throws whenever the block can be told from a live one: by its
     * extent's state (large blocks), its slab bitmap (small blocks back in their slab) or its free
     * mark (blocks in a thread cache).
     */
    @ParameterizedTest(name = "size {0} tcache={1} marks={2}")
    @CsvSource({"64, true, true", "64, false, true", "64, false, false", "20000, true, true",
            "100000, true, true", "100000, false, false"})
    void usableSizeOfAFreedBlockThrows(long size, boolean threadCache, boolean marks) {
        try (Allocator allocator = Allocator.builder().threadCache(threadCache).freeMarks(marks).arenas(1).build()) {
            long keep = allocator.malloc(size);
            long block = allocator.malloc(size);
            assertEquals(allocator.sizeFor(size), allocator.usableSize(block), "usableSize while live");
            allocator.free(block);
            assertRejected(IllegalStateException.class,
                    String.format("usableSize of 0x%x: the block is already free", block),
                    () -> allocator.usableSize(block));
            assertEquals(allocator.sizeFor(size), allocator.usableSize(keep), "its neighbour is still live");
            allocator.free(keep);
        }
    }
}
