package org.jmalloc.allocator.extent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/**
 * The life of a freed run, as jemalloc's: dirty (resident, reused as it is), then muzzy once the
 * dirty decay time has passed ({@code MADV_FREE}: the kernel may take the pages), then retained
 * once the muzzy decay time has passed too ({@code MADV_DONTNEED}: gone, reads as zero; the address
 * range stays mapped for reuse). Decay is driven with explicit instants past the decay times
 * ({@link PageAllocator#decay}), so nothing sleeps.
 */
class PurgeStatesTest {

    private static final long PAGE = 4096;
    private static final long DIRTY = 1_000_000_000L;
    private static final long MUZZY = 2_000_000_000L;
    private static final long DIRTY_EPOCH = DIRTY / Decay.STEPS;
    /** Two muzzy epochs, more than one of either: past a decay time by this, the curve has let every page go. */
    private static final long PAST = 2 * (MUZZY / Decay.STEPS);
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    @Test
    void aFreedRunGoesDirtyThenMuzzyThroughMadvFreeThenRetainedThroughMadvDontneed() {
        try (PageAllocatorTest.Fixture f = new PageAllocatorTest.Fixture(PAGE, DIRTY, MUZZY)) {
            Extent run = f.allocate(16);
            Extent guard = f.allocate(1); // keeps the run from merging with the fresh rest of the mapping
            long bytes = 16 * PAGE;
            long base = run.base;
            for (long a = base; a < base + bytes; a += PAGE) {
                ALL.set(ValueLayout.JAVA_LONG, a, 0x5EED);
            }
            long retained = f.pages.retainedBytes();
            long t0 = System.nanoTime();
            f.pages.release(run);
            assertEquals(bytes, f.pages.dirtyBytes(), "dirty right after release");
            assertEquals(0, f.os.lazyPurges() + f.os.forcedPurges(), "no madvise before the dirty decay time");

            // Counted at the end of the epoch they were freed in, as the background purger's steps do.
            f.pages.decay(t0 + DIRTY_EPOCH);
            assertEquals(bytes, f.pages.dirtyBytes(), "dirty one epoch after release");
            long t1 = t0 + DIRTY + PAST;
            f.pages.decay(t1);
            assertEquals(0, f.pages.dirtyBytes(), "dirty after the dirty decay time");
            assertEquals(bytes, f.pages.muzzyBytes(), "muzzy after the dirty decay time");
            assertEquals(1, f.os.lazyPurges(), "MADV_FREE calls");
            assertEquals(0, f.os.forcedPurges(), "MADV_DONTNEED calls before the muzzy decay time");
            f.walk("muzzy");

            f.pages.decay(t1 + MUZZY / 2);
            assertTrue(f.pages.muzzyBytes() > 0 && f.pages.muzzyBytes() < bytes,
                    "half way through the muzzy decay time part of the run is purged: muzzy " + f.pages.muzzyBytes());

            f.pages.decay(t1 + MUZZY + PAST);
            assertEquals(0, f.pages.muzzyBytes(), "muzzy after the muzzy decay time");
            assertEquals(retained + bytes, f.pages.retainedBytes(), "retained after the muzzy decay time");
            assertTrue(f.os.forcedPurges() >= 1, "MADV_DONTNEED calls: " + f.os.forcedPurges());
            for (long a = base; a < base + bytes; a += PAGE) {
                assertEquals(0, ALL.get(ValueLayout.JAVA_LONG, a), String.format("0x%x after MADV_DONTNEED", a));
            }
            f.walk("retained");

            long mapped = f.os.mappedBytes();
            Extent again = f.allocate(16);
            assertEquals(base, again.base, "the retained range is reused");
            assertTrue(again.zeroed, "a run reused from retained pages is known to be zero");
            assertEquals(mapped, f.os.mappedBytes(), "nothing mapped for it");
            f.pages.release(again);
            f.pages.release(guard);
        }
    }

    @Test
    void withoutAMuzzyStageDirtyPagesGoStraightToRetained() {
        try (PageAllocatorTest.Fixture f = new PageAllocatorTest.Fixture(PAGE, DIRTY, 0)) {
            Extent run = f.allocate(8);
            Extent guard = f.allocate(1);
            long retained = f.pages.retainedBytes();
            long t0 = System.nanoTime();
            f.pages.release(run);
            f.pages.decay(t0 + DIRTY_EPOCH);
            f.pages.decay(t0 + DIRTY + PAST);
            assertEquals(0, f.pages.dirtyBytes() + f.pages.muzzyBytes(), "dirty and muzzy bytes");
            assertEquals(retained + 8 * PAGE, f.pages.retainedBytes(), "retained bytes");
            assertEquals(0, f.os.lazyPurges(), "no MADV_FREE: muzzy decay 0 means released at once");
            assertEquals(1, f.os.forcedPurges(), "MADV_DONTNEED calls");
            f.pages.release(guard);
        }
    }
}
