package org.jmalloc.allocator.arena;

import org.jmalloc.allocator.extent.Extent;
import org.jmalloc.allocator.extent.PageAllocator;

/**
 * The free runs of the smallest large class that one arena keeps for its next promoted heap-profile sample
 * ({@link Arena#mallocSampleRun}), newest last. A sample every 512 KiB allocated would otherwise take a run from the
 * page allocator and give it back each time (its trees, coalescing and the decay clock), most of a sample's cost.
 * They stay active pages, outside the page index, and are not decayed: at most {@value #CAPACITY} runs, marked
 * {@link Extent#SPARE_SAMPLE_RUN} while kept, given back by {@link Arena#drainParked}. Guarded by the arena's page
 * lock, except {@link #isEmptyRacy}.
 */
final class SpareSampleRuns {

    static final int CAPACITY = 4;

    private final Extent[] runs = new Extent[CAPACITY];
    private int count;

    /** The newest spare run, taken out, or null. */
    Extent take() {
        if (count == 0) {
            return null;
        }
        Extent e = runs[--count];
        runs[count] = null;
        return e;
    }

    /** Keeps the freed sample run {@code e} when there is room; false when full (the caller releases it). */
    boolean keep(Extent e) {
        if (count == CAPACITY) {
            return false;
        }
        e.sample = Extent.SPARE_SAMPLE_RUN;
        runs[count++] = e;
        return true;
    }

    /** Whether none is kept, read without the lock, as bins' parked counts are: a hint, rechecked under it. */
    boolean isEmptyRacy() {
        return count == 0;
    }

    /** Gives every spare run back to {@code pages}, whose lock the caller holds. */
    void releaseAll(PageAllocator pages) {
        for (Extent e = take(); e != null; e = take()) {
            e.sample = Extent.NO_SAMPLE;
            pages.releaseLocked(e); // never in the page index: nothing to clear
        }
    }
}
