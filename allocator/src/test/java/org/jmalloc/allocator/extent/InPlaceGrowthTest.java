package org.jmalloc.allocator.extent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Growing a large run in place ({@link PageAllocator#expand}) across free runs of different states, and
 * placing a block that realloc moves where it can grow again ({@link PageAllocator#allocateToGrow}). Every
 * case ends with the page allocator's invariants walked ({@code PageAllocatorTest.Fixture#walk}).
 */
class InPlaceGrowthTest {

    private static final long PAGE = 4096;
    private static final long NEVER = -1;

    @Test
    void expandAbsorbsTheMuzzyDirtyAndRetainedRunsAfterTheBlock() {
        try (PageAllocatorTest.Fixture f = new PageAllocatorTest.Fixture(PAGE, NEVER, NEVER)) {
            Extent a = f.allocate(4);
            Extent b = f.allocate(4);
            Extent c = f.allocate(4);
            assertEquals(a.end(), b.base);
            assertEquals(b.end(), c.base);
            f.pages.release(b);
            f.pages.setDecayNanos(true, 0); // b's pages: dirty -> muzzy now
            f.pages.setDecayNanos(true, NEVER);
            f.pages.release(c); // stays dirty: it does not merge with the muzzy run before it
            long retained = f.pages.retainedBytes();
            assertEquals(4 * PAGE, f.pages.muzzyBytes(), "b is muzzy");
            assertEquals(4 * PAGE, f.pages.dirtyBytes(), "c is dirty");
            f.walk("a | muzzy | dirty | retained");

            long base = a.base;
            assertTrue(f.pages.expand(a, 14 * PAGE), "the ten pages after a are free, in three states");
            assertEquals(base, a.base, "grown in place");
            assertEquals(14 * PAGE, a.size);
            assertSame(a, f.map.get(a.end() - 1), "the new last page maps to a");
            assertEquals(0, f.pages.muzzyBytes(), "the muzzy run is absorbed");
            assertEquals(0, f.pages.dirtyBytes(), "the dirty run is absorbed");
            assertEquals(retained - 2 * PAGE, f.pages.retainedBytes(), "two retained pages are absorbed, the rest stays");
            assertEquals(14 * PAGE, f.pages.activeBytes());
            f.walk("after the expand");
        }
    }

    @Test
    void expandThatMeetsAnActiveRunChangesNothing() {
        try (PageAllocatorTest.Fixture f = new PageAllocatorTest.Fixture(PAGE, NEVER, NEVER)) {
            Extent a = f.allocate(4);
            Extent b = f.allocate(4);
            Extent c = f.allocate(4); // stays active: in the way of a grown past b
            f.pages.release(b);
            assertFalse(f.pages.expand(a, 12 * PAGE), "c is in the way");
            assertEquals(4 * PAGE, a.size, "a is unchanged");
            assertEquals(4 * PAGE, f.pages.dirtyBytes(), "b is still free and dirty");
            assertEquals(8 * PAGE, f.pages.activeBytes());
            assertTrue(f.pages.expand(a, 8 * PAGE), "as far as c it grows");
            assertEquals(c.base, a.end());
            f.walk("after the expands");
        }
    }

    @Test
    void aBlockPlacedToGrowTakesTheLowestRunWithRoomToDoubleNotTheTightestOne() {
        try (PageAllocatorTest.Fixture f = new PageAllocatorTest.Fixture(PAGE, NEVER, NEVER)) {
            Extent hole = f.allocate(4);
            f.allocate(1); // keeps the hole apart from the run after it
            Extent big = f.allocate(64);
            f.allocate(1);
            long holeBase = hole.base;
            long bigBase = big.base;
            f.pages.release(hole);
            f.pages.release(big);

            Extent tight = f.allocate(4);
            assertEquals(holeBase, tight.base, "a plain allocation takes the tightest fit");
            f.pages.release(tight);

            Extent grown = f.pages.allocateToGrow(4 * PAGE, 4 * PAGE);
            assertEquals(bigBase, grown.base, "the hole has no room to double: the block starts the large run");
            for (long pages = 8; pages <= 64; pages <<= 1) {
                assertTrue(f.pages.expand(grown, pages * PAGE), "grows in place to " + pages + " pages");
            }
            assertEquals(bigBase, grown.base);
            f.walk("after growing in place");
        }
    }
}
