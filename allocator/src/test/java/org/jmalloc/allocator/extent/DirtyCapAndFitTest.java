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

    /** Frees every block and guard of {@code blocks} that is still active. */
    private static void releaseActive(PageAllocator pages, List<Extent[]> blocks) {
        for (Extent[] b : blocks) {
            for (Extent e : b) {
                if (e.state == Extent.ACTIVE) {
                    pages.release(e);
                }
            }
        }
    }

    /** A retained run beside a dirty one from {@code base}, and the two active runs to free at the end. */
    private record RetainedBesideDirty(long base, Extent guard, Extent rest) {
    }

    /**
     * In {@code pages}' first mapping: a retained 1 MiB run followed by a dirty 1 MiB run (runs of
     * different states never merge), then a guard page, the rest of the mapping active.
     */
    private static RetainedBesideDirty retainedBesideDirty(PageAllocator pages) {
        Extent a = pages.allocate(MIB, PAGE, MIB);
        Extent b = pages.allocate(MIB, PAGE, MIB);
        Extent guard = pages.allocate(PAGE, PAGE, PAGE);
        Extent rest = pages.allocate(pages.retainedBytes(), PAGE, pages.retainedBytes());
        long base = a.base;
        pages.release(a);
        pages.purgeAll(); // a: retained
        pages.release(b); // b: dirty, beside a
        return new RetainedBesideDirty(base, guard, rest);
    }

    @Test
    void freedPagesBeyondAQuarterOfTheActiveOnesGoToRetainedOldestFirstWhenRetainedPagesAreActivated() {
        try (Fixture f = new Fixture(PAGE, TEN_SECONDS, TEN_SECONDS)) {
            List<Extent[]> blocks = guardedBlocks(f.pages, 240);
            long retainedBefore = f.pages.retainedBytes();
            long purges = f.pages.purges();
            List<Long> freed = new ArrayList<>();
            for (int i = 0; i < 120; i += 2) { // 60 MiB freed while about 200 MiB stay active
                freed.add(blocks.get(i)[0].base);
                f.pages.release(blocks.get(i)[0]);
            }
            assertEquals(60 * MIB, f.pages.dirtyBytes(), "a free purges nothing");
            assertEquals(purges, f.pages.purges());
            Extent reused = f.pages.allocate(MIB, PAGE, MIB);
            assertEquals(59 * MIB, f.pages.dirtyBytes(), "nor does a request served from dirty pages");
            // 16 MiB fits no dirty run (freed blocks that touch merged, but no sixteen of them):
            // retained pages (or a new mapping) become active, and the cap applies.
            Extent big = f.pages.allocate(16 * MIB, PAGE, 16 * MIB);
            long cap = Math.max(f.pages.activeBytes() >>> DecayingRuns.DIRTY_CAP_SHIFT, FLOOR);
            assertTrue(cap > FLOOR, "past the floor: the active bytes set the cap");
            assertTrue(f.pages.dirtyBytes() <= cap && f.pages.dirtyBytes() > cap / 2,
                    "dirty " + f.pages.dirtyBytes() + " bytes against the cap of " + cap);
            List<Extent> extents = f.walk("after the cap");
            assertEquals(Extent.RETAINED, stateAt(extents, freed.get(1)), "the oldest freed block left was purged");
            assertEquals(Extent.DIRTY, stateAt(extents, freed.getLast()), "the newest stays dirty");
            assertTrue(f.pages.retainedBytes() > retainedBefore, "the rest went to retained");
            f.pages.release(big);
            f.pages.release(reused);
            releaseActive(f.pages, blocks);
        }
    }

    /** The state of the extent that holds {@code address} (a purged run merges with its neighbours). */
    private static byte stateAt(List<Extent> extents, long address) {
        return extents.stream().filter(e -> e.base <= address && address < e.end()).findFirst().orElseThrow().state;
    }

    @Test
    void aLargeRunFreedAndAllocatedAgainIsNeverPurged() {
        try (Fixture f = new Fixture(PAGE, TEN_SECONDS, TEN_SECONDS)) {
            long size = 2 * FLOOR;
            Extent guard = f.allocate(1);
            long purges = f.pages.purges();
            for (int i = 0; i < 3; i++) {
                Extent big = f.pages.allocate(size, PAGE, size);
                long base = big.base;
                f.pages.release(big);
                assertEquals(size, f.pages.dirtyBytes(), "round " + i + ": twice the floor, still dirty");
                Extent again = f.pages.allocate(size, PAGE, size);
                assertEquals(base, again.base, "round " + i + ": the same run again");
                f.pages.release(again);
            }
            assertEquals(purges, f.pages.purges(), "no madvise");
            f.walk("after the rounds");
            f.pages.release(guard);
        }
    }

    @Test
    void anArenaThatOnlyFreesIsCappedWhenAnotherActivatesRetainedPages() {
        try (Fixture f = new Fixture(PAGE, TEN_SECONDS, TEN_SECONDS)) {
            PageAllocator[] arenas = ReuseBeforeGrowthTest.twoArenas(f, TEN_SECONDS);
            PageAllocator a0 = arenas[0];
            PageAllocator a1 = arenas[1];
            List<Extent[]> blocks = guardedBlocks(a1, 96);
            for (int i = 0; i < 96; i += 2) {
                a1.release(blocks.get(i)[0]); // 48 MiB dirty in 1 MiB runs, 48 MiB active: the floor is the cap
            }
            assertEquals(48 * MIB, a1.dirtyBytes());
            Extent fresh = a0.allocate(16 * MIB, PAGE, 16 * MIB); // fits no dirty run: retained pages or a mapping
            assertTrue(a1.dirtyBytes() <= FLOOR, "arena 1's dirty bytes capped at the floor: " + a1.dirtyBytes());
            f.walkArenas("after the cap", a0, a1);
            a0.release(fresh);
            releaseActive(a1, blocks);
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
            RetainedBesideDirty runs = retainedBesideDirty(f.pages);
            long base = runs.base();
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
            f.pages.release(runs.guard());
            f.pages.release(runs.rest());
        }
    }

    @Test
    void anotherArenasAdjacentRunsOfDifferentStatesServeARequestBeforeAMapping() {
        try (Fixture f = new Fixture(PAGE, NEVER, NEVER)) {
            PageAllocator[] arenas = ReuseBeforeGrowthTest.twoArenas(f, NEVER);
            PageAllocator a0 = arenas[0];
            PageAllocator a1 = arenas[1];
            RetainedBesideDirty runs = retainedBesideDirty(a0);
            long base = runs.base();
            long mapped = f.os.mappedBytes();
            Extent both = a1.allocate(2 * MIB, PAGE, 2 * MIB);
            assertEquals(base, both.base, "arena 1 took arena 0's two runs as one");
            assertEquals(1, both.arena);
            assertEquals(mapped, f.os.mappedBytes(), "nothing mapped");
            f.walkArenas("after the donation", a0, a1);
            a1.release(both);
            a0.release(runs.guard());
            a0.release(runs.rest());
            f.walkArenas("after the frees", a0, a1);
        }
    }
}
