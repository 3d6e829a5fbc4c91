package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@code purge()} gives back the pages of a partly used slab that hold no live block: one live block no longer keeps
 * a whole multi-page slab resident. The 48-byte class has three-page slabs of 256 regions; with only the lowest
 * block of a slab live, the slab's second and third pages are released (read as zero afterwards), its first page,
 * which the live block is on, is left as it was, and the slab keeps serving its class.
 */
class SlabPagePurgeTest {

    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final long SIZE = 48;
    private static final int REGIONS = 256;
    private static final long PAGE = 4096;
    private static final long PATTERN = 0x5EED_5EED_5EED_5EEDL;

    @Test
    void purgeReleasesTheFreePagesOfAPartlyUsedSlabAndKeepsTheLiveBlocks() {
        try (Allocator allocator = Allocator.builder().arenas(1).build()) {
            long[] blocks = new long[REGIONS];
            for (int i = 0; i < blocks.length; i++) {
                blocks[i] = allocator.malloc(SIZE);
            }
            Arrays.sort(blocks);
            long base = blocks[0];
            assertEquals(base + (REGIONS - 1) * SIZE, blocks[REGIONS - 1], "one fresh slab, regions in order");
            for (long b : blocks) {
                ALL.set(ValueLayout.JAVA_LONG, b + SIZE - 8, PATTERN); // the last word: a free mark never covers it
            }
            for (int i = 1; i < blocks.length; i++) {
                allocator.free(blocks[i], SIZE);
            }
            long madviseBefore = allocator.stats().work().madvise();
            allocator.purge();
            assertTrue(allocator.stats().work().madvise() > madviseBefore, "purge called madvise");

            assertEquals(PATTERN, ALL.get(ValueLayout.JAVA_LONG, base + SIZE - 8), "the live block is intact");
            for (long b : blocks) {
                long word = ALL.get(ValueLayout.JAVA_LONG, b + SIZE - 8);
                if (b + SIZE - 8 >= base + PAGE) {
                    assertEquals(0, word, String.format("freed block at slab offset %d: its page was released",
                            b - base));
                } else {
                    assertEquals(PATTERN, word, "a freed block on the live block's page is left as it was");
                }
            }

            // The slab still serves its class, on the released pages too.
            long[] again = new long[REGIONS - 1];
            for (int i = 0; i < again.length; i++) {
                again[i] = allocator.malloc(SIZE);
                ALL.set(ValueLayout.JAVA_LONG, again[i], i);
            }
            Arrays.sort(again);
            assertEquals(base + SIZE, again[0], "the slab's free regions are handed out again, lowest first");
            for (long b : again) {
                allocator.free(b, SIZE);
            }
            allocator.free(base, SIZE);
        }
    }
}
