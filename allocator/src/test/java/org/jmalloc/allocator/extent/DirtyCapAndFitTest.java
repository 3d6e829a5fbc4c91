package org.jmalloc.allocator.extent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jmalloc.allocator.extent.PageAllocatorTest.Fixture;
import org.junit.jupiter.api.Test;

/**
 * The three parts of address-space reuse that keep a busy arena's holes small: the dirty cap
 * ({@link DecayingRuns#capDirty}: freed pages beyond a quarter of the active ones, or the floor, go
 * to retained, oldest first), the best fit over every free state ({@link FreeRuns#takeBest}), and
 * runs pieced together from adjacent free runs of different states ({@link FreeRuns#takeSpanning}).
 */
class DirtyCapAndFitTest {

    private static final long NEVER = -1;
    private static final long TEN_SECONDS = 10_000_000_000L;
    private static final long PAGE = 4096;
    private static final long MIB = 1L << 20;
    private static final long FLOOR = (long) DecayingRuns.DIRTY_FLOOR_MIB * MIB;

    /** {@code count} blocks of 1 MiB, each followed by a one-page guard so that freed blocks do not coalesce. */
    private static List<Extent[]> guardedBlocks(PageAllocator pages, int count) {
        List<Extent[]> blocks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            blocks.add(new Extent[] {pages.allocate(MIB, PAGE, MIB), pages.allocate(PAGE, PAGE, PAGE)});
        }
        return blocks;
    }

    @Test
    void freedPagesBeyondAQuarterOfTheActiveOnesGoToRetainedOldestFirst() {
        try (Fixture f = new Fixture(PAGE, TEN_SECONDS, TEN_SECONDS)) {
            List<Extent[]> blocks = guardedBlocks(f.pages, 240);
            long retainedBefore = f.pages.retainedBytes();
            List<Long> freed = new ArrayList<>();
            for (int i = 0; i < 120; i += 2) { // 60 MiB freed while about 200 MiB stay active
                freed.add(blocks.get(i)[0].base);
                f.pages.release(blocks.get(i)[0]);
                long cap = Math.max(f.pages.activeBytes() >>> DecayingRuns.DIRTY_CAP_SHIFT, FLOOR);
                // The run just freed is never purged by the cap: it may be the one over it.
                assertTrue(f.pages.dirtyBytes() + f.pages.muzzyBytes() <= cap + MIB, String.format(
                        "after %d frees: dirty %d + muzzy %d bytes over the cap of %d", freed.size(),
                        f.pages.dirtyBytes(), f.pages.muzzyBytes(), cap));
            }
            long cap = Math.max(f.pages.activeBytes() >>> DecayingRuns.DIRTY_CAP_SHIFT, FLOOR);
            assertTrue(cap > FLOOR, "past the floor: the active bytes set the cap");
            assertTrue(f.pages.dirtyBytes() > cap - MIB, "freed pages up to the cap stay dirty: " + f.pages.dirtyBytes());
            assertEquals(60 * MIB - f.pages.dirtyBytes(), f.pages.retainedBytes() - retainedBefore,
                    "the rest went to retained");
            List<Extent> extents = f.walk("after the frees");
            assertEquals(Extent.RETAINED, stateAt(extents, freed.getFirst()), "the oldest freed block was purged");
            assertEquals(Extent.DIRTY, stateAt(extents, freed.getLast()), "the newest stays dirty");
            for (Extent[] b : blocks) {
                for (Extent e : b) {
                    if (e.state == Extent.ACTIVE) {
                        f.pages.release(e);
                    }
                }
            }
        }
    }

    /** The state of the extent that holds {@code address} (a purged run merges with its neighbours). */
    private static byte stateAt(List<Extent> extents, long address) {
        return extents.stream().filter(e -> e.base <= address && address < e.end()).findFirst().orElseThrow().state;
    }

    @Test
    void theRunJustFreedStaysDirtyHoweverLargeSoItsReuseTakesNoFault() {
        try (Fixture f = new Fixture(PAGE, TEN_SECONDS, TEN_SECONDS)) {
            long size = 2 * FLOOR;
            Extent guard = f.allocate(1);
            for (int i = 0; i < 3; i++) {
                Extent big = f.pages.allocate(size, PAGE, size);
                long base = big.base;
                long purges = f.pages.purges();
                f.pages.release(big);
                assertEquals(size, f.pages.dirtyBytes(), "round " + i + ": twice the floor, still dirty");
                assertEquals(purges, f.pages.purges(), "round " + i + ": no madvise");
                Extent again = f.pages.allocate(size, PAGE, size);
                assertEquals(base, again.base, "round " + i + ": the same run again");
                f.pages.release(again);
            }
            Extent other = f.pages.allocate(size, PAGE, size);
            Extent between = f.pages.allocate(size, PAGE, size);
            Extent second = f.pages.allocate(size, PAGE, size);
            assertTrue(other.end() != second.base && second.end() != other.base, "the two freed runs do not touch");
            f.pages.release(other);
            f.pages.release(second); // now the older one is over the cap
            assertEquals(size, f.pages.dirtyBytes(), "the older run went to retained");
            f.walk("after the frees");
            f.pages.release(guard);
            f.pages.release(between);
        }
    }

    @Test
    void aNegativeDirtyDecayKeepsEveryFreedPage() {
        try (Fixture f = new Fixture(PAGE, NEVER, NEVER)) {
            List<Extent[]> blocks = guardedBlocks(f.pages, 100);
            long retained = f.pages.retainedBytes();
            for (int i = 0; i < 100; i += 2) {
                f.pages.release(blocks.get(i)[0]);
            }
            assertEquals(50 * MIB, f.pages.dirtyBytes(), "'never' purges nothing, the cap included");
            assertEquals(retained, f.pages.retainedBytes());
            f.walk("after the frees");
        }
    }

    @Test
    void aRequestTakesARetainedRunOfItsSizeOverAPoorlyFittingDirtyOne() {
        try (Fixture f = new Fixture(PAGE, NEVER, NEVER)) {
            Extent x = f.pages.allocate(MIB, PAGE, MIB);
            Extent g1 = f.allocate(1);
            Extent y = f.pages.allocate(2 * MIB, PAGE, 2 * MIB);
            Extent g2 = f.allocate(1);
            long xBase = x.base;
            long yBase = y.base;
            f.pages.release(x);
            f.pages.purgeAll(); // x's pages: retained
            f.pages.release(y); // 2 MiB dirty
            Extent taken = f.pages.allocate(MIB, PAGE, MIB);
            assertEquals(xBase, taken.base, "the retained 1 MiB run, not a piece of the dirty 2 MiB one");
            assertEquals(2 * MIB, f.pages.dirtyBytes(), "the dirty run stayed whole");
            assertEquals(yBase, f.pages.allocate(2 * MIB, PAGE, 2 * MIB).base, "for the request of its size");
            f.walk("after both");
            f.pages.release(g1);
            f.pages.release(g2);
        }
    }

    @Test
    void aDirtyRunBesideARetainedOneServesARequestLargerThanEitherWithoutMapping() {
        try (Fixture f = new Fixture(PAGE, NEVER, NEVER)) {
            Extent a = f.pages.allocate(MIB, PAGE, MIB);
            Extent b = f.pages.allocate(MIB, PAGE, MIB);
            Extent guard = f.allocate(1);
            Extent rest = f.pages.allocate(f.pages.retainedBytes(), PAGE, f.pages.retainedBytes());
            long base = a.base;
            f.pages.release(a);
            f.pages.purgeAll(); // a: retained
            f.pages.release(b); // b: dirty, beside a, and runs of different states never merge
            assertEquals(MIB, f.pages.retainedBytes());
            assertEquals(MIB, f.pages.dirtyBytes());
            long mapped = f.os.mappedBytes();
            Extent both = f.pages.allocate(2 * MIB, PAGE, 2 * MIB);
            assertEquals(base, both.base, "one run over the retained and the dirty pages");
            assertEquals(2 * MIB, both.size);
            assertFalse(both.zeroed, "part of it was dirty: not known to be zero");
            assertEquals(mapped, f.os.mappedBytes(), "nothing mapped");
            assertEquals(0, f.pages.retainedBytes() + f.pages.dirtyBytes());
            f.walk("after the pieced run");
            f.pages.release(both);
            f.pages.release(guard);
            f.pages.release(rest);
        }
    }

    @Test
    void anotherArenasAdjacentRunsOfDifferentStatesServeARequestBeforeAMapping() {
        try (Fixture f = new Fixture(PAGE, NEVER, NEVER)) {
            PagePeers peers = new PagePeers(2);
            PageAllocator a0 = new PageAllocator(0, PAGE, f.memory, f.map, NEVER, NEVER, peers);
            PageAllocator a1 = new PageAllocator(1, PAGE, f.memory, f.map, NEVER, NEVER, peers);
            Extent a = a0.allocate(MIB, PAGE, MIB);
            Extent b = a0.allocate(MIB, PAGE, MIB);
            Extent guard = a0.allocate(PAGE, PAGE, PAGE);
            Extent rest = a0.allocate(a0.retainedBytes(), PAGE, a0.retainedBytes());
            long base = a.base;
            a0.release(a);
            a0.purgeAll();
            a0.release(b);
            long mapped = f.os.mappedBytes();
            Extent both = a1.allocate(2 * MIB, PAGE, 2 * MIB);
            assertEquals(base, both.base, "arena 1 took arena 0's two runs as one");
            assertEquals(1, both.arena);
            assertEquals(mapped, f.os.mappedBytes(), "nothing mapped");
            f.walkArenas("after the donation", a0, a1);
            a1.release(both);
            a0.release(guard);
            a0.release(rest);
            f.walkArenas("after the frees", a0, a1);
        }
    }
}
