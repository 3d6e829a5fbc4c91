package org.jmalloc.allocator.extent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jmalloc.allocator.extent.PageAllocatorTest.Fixture;
import org.junit.jupiter.api.Test;

/**
 * Reuse before growth: freed runs serve later requests before anything is mapped, the smallest
 * fitting size class first, across arenas ({@link PagePeers}), and free neighbours merge across
 * arenas. Every case checks the OS calls (nothing new mapped) and the per-arena accounting with
 * {@link Fixture#walkArenas}.
 */
class ReuseBeforeGrowthTest {

    private static final long NEVER = -1;
    private static final long PAGE = 4096;
    private static final long MIB = 1L << 20;

    /** Two page allocators of one allocator (peers of each other) over the fixture's memory and map. */
    private static PageAllocator[] twoArenas(Fixture f) {
        return twoArenas(f, NEVER);
    }

    /** {@link #twoArenas(Fixture)} with both decay times {@code decay}. */
    static PageAllocator[] twoArenas(Fixture f, long decay) {
        PagePeers peers = new PagePeers(2);
        return new PageAllocator[] {new PageAllocator(0, PAGE, f.memory, f.map, decay, decay, peers),
            new PageAllocator(1, PAGE, f.memory, f.map, decay, decay, peers)};
    }

    @Test
    void aFreed3MiBRunServesALater2MiBRequestWithoutMapping() {
        try (Fixture f = new Fixture(PAGE, NEVER, NEVER)) {
            Extent big = f.pages.allocate(3 * MIB, PAGE, 3 * MIB);
            Extent guard = f.allocate(1);
            long base = big.base;
            f.pages.release(big);
            long mapped = f.os.mappedBytes();
            Extent reused = f.pages.allocate(2 * MIB, PAGE, 2 * MIB);
            assertEquals(base, reused.base, "the freed run's start");
            assertEquals(mapped, f.os.mappedBytes(), "nothing mapped");
            assertEquals(MIB, f.pages.dirtyBytes(), "the rest of the run stays dirty");
            f.walk("after the reuse");
            f.pages.release(reused);
            f.pages.release(guard);
        }
    }

    @Test
    void aSmallRequestTakesASmallFreeRunRatherThanSplittingALargeOne() {
        try (Fixture f = new Fixture(PAGE, NEVER, NEVER)) {
            Extent large = f.allocate(512);
            Extent a = f.allocate(1);
            Extent small = f.allocate(4);
            Extent b = f.allocate(1);
            long largeBase = large.base;
            long smallBase = small.base;
            f.pages.release(large);
            f.pages.release(small);
            assertEquals(smallBase, f.allocate(4).base, "the 4-page run, though the 512-page one is lower");
            assertEquals(largeBase, f.pages.allocate(2 * MIB, PAGE, 2 * MIB).base, "the large run stayed whole");
            f.walk("after both reuses");
            f.pages.release(a);
            f.pages.release(b);
        }
    }

    @Test
    void theReuseCapSendsASmallRequestToRetainedPagesButNeverMapsWhileADirtyRunFits() {
        try (Fixture f = new Fixture(PAGE, NEVER, NEVER)) {
            Extent large = f.allocate(512); // 2 MiB: more than 64 x 1 page
            Extent guard = f.allocate(1);
            long largeBase = large.base;
            f.pages.release(large);
            assertTrue(f.pages.retainedBytes() > 0, "the first mapping left retained pages");
            Extent one = f.allocate(1);
            assertTrue(one.base != largeBase && f.pages.dirtyBytes() == 512 * PAGE,
                    "a 1-page request does not split a 512-page dirty run while retained pages are there");
            f.walk("after the capped reuse");
            f.pages.release(one);
            f.pages.release(guard);
        }
        try (Fixture f = new Fixture(PAGE, NEVER, NEVER)) {
            Extent large = f.allocate(512);
            Extent guard = f.allocate(1);
            long largeBase = large.base;
            Extent rest = f.pages.allocate(f.pages.retainedBytes(), PAGE, f.pages.retainedBytes());
            assertEquals(0, f.pages.retainedBytes());
            f.pages.release(large);
            long mapped = f.os.mappedBytes();
            Extent split = f.allocate(1);
            assertEquals(largeBase, split.base, "with nothing else free, the dirty run is split");
            assertEquals(mapped, f.os.mappedBytes(), "nothing mapped");
            f.walk("after the split");
            for (Extent e : new Extent[] {rest, split, guard}) {
                f.pages.release(e);
            }
        }
    }

    @Test
    void anArenaWithNothingFreeTakesAnotherArenasFreeRunBeforeMapping() {
        try (Fixture f = new Fixture(PAGE, NEVER, NEVER)) {
            PageAllocator[] arenas = twoArenas(f);
            PageAllocator a0 = arenas[0];
            PageAllocator a1 = arenas[1];
            Extent freed = a0.allocate(4 * MIB, PAGE, 4 * MIB);
            long base = freed.base;
            a0.release(freed);
            f.walkArenas("arena 0 freed", a0, a1);
            long mapped = f.os.mappedBytes();
            Extent taken = a1.allocate(MIB, PAGE, MIB);
            assertEquals(base, taken.base, "arena 1 reuses arena 0's dirty run");
            assertEquals(1, taken.arena);
            assertEquals(mapped, f.os.mappedBytes(), "nothing mapped");
            assertEquals(1, a1.runsReceived());
            assertEquals(1, a0.runsGiven());
            f.walkArenas("arena 1 took the run", a0, a1);
            a1.release(taken);
            f.walkArenas("arena 1 freed it", a0, a1);
            assertEquals(0, a0.activeBytes() + a1.activeBytes());
        }
    }

    @Test
    void aFreedRunMergesWithTheFreeNeighbourAnotherArenaHolds() {
        try (Fixture f = new Fixture(PAGE, NEVER, NEVER)) {
            PageAllocator[] arenas = twoArenas(f);
            PageAllocator a0 = arenas[0];
            PageAllocator a1 = arenas[1];
            Extent left = a0.allocate(MIB, PAGE, MIB);
            Extent right = a0.allocate(MIB, PAGE, MIB);
            Extent guard = a0.allocate(PAGE, PAGE, PAGE);
            // The rest of the first mapping, so that arena 0's only free run is the one below.
            Extent rest = a0.allocate(a0.retainedBytes(), PAGE, a0.retainedBytes());
            assertEquals(left.end(), right.base, "carved one after the other");
            a0.release(right); // dirty in arena 0
            // Arena 1 takes over the left run as it is freed: move it through a donation first.
            a0.release(left); // merges in arena 0: 2 MiB dirty
            Extent moved = a1.allocate(MIB, PAGE, MIB); // arena 1 has nothing: takes 1 MiB of it
            assertEquals(1, moved.arena);
            long movedBase = moved.base;
            a1.release(moved); // its neighbour is arena 0's free run: merged into arena 1
            Extent merged = f.map.get(movedBase);
            assertEquals(movedBase, merged.base);
            assertEquals(2 * MIB, merged.size, "one run over both halves");
            assertSame(merged, f.map.get(merged.end() - 1), "its last page maps to it");
            assertEquals(1, merged.arena);
            assertEquals(0, a0.dirtyBytes(), "arena 0 gave its half away");
            f.walkArenas("after the merge", a0, a1);
            a0.release(guard);
            a0.release(rest);
        }
    }

    @Test
    void borrowMovesAFreeRunIntoTheAskingArena() {
        try (Fixture f = new Fixture(PAGE, NEVER, NEVER)) {
            PageAllocator[] arenas = twoArenas(f);
            PageAllocator a0 = arenas[0];
            PageAllocator a1 = arenas[1];
            assertFalse(a1.borrow(MIB), "nothing to borrow yet");
            a0.release(a0.allocate(2 * MIB, PAGE, 2 * MIB));
            assertTrue(a1.borrow(2 * MIB));
            assertEquals(2 * MIB, a1.dirtyBytes(), "the run keeps its state in its new arena");
            f.walkArenas("after borrowing", a0, a1);
        }
    }
}
