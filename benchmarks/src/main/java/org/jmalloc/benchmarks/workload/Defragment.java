package org.jmalloc.benchmarks.workload;

import java.lang.foreign.MemorySegment;
import org.jmalloc.allocator.Allocator;

/**
 * The active-defragmentation loop an application runs over the blocks it holds, as Redis does with jemalloc's hint:
 * for each live block, if {@link Allocator#shouldMove} says so, allocate a new block, copy, free the old one and
 * update the reference. The new block comes from {@link Allocator#mallocUncached} and the old one goes back with
 * {@link Allocator#freeUncached}: through the thread cache, the next move's allocation would get back the block just
 * freed (last in, first out) and nothing would pack. The thread cache is flushed first, so that the hint sees the
 * blocks the application has freed as free.
 *
 * <p>Not thread-safe: the caller owns {@code refs} and the blocks in it for the duration of a pass.
 */
public final class Defragment {

    /** Every address, for copying between native blocks; the sizes passed in bound each copy. */
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private Defragment() {
    }

    /**
     * One pass over {@code refs}: moves each live block ({@code refs[i] != 0}, {@code sizes[i]} bytes as allocated)
     * whose slab {@code allocator} says to empty, and stores its new address in {@code refs[i]}.
     *
     * @return the number of blocks moved
     * @throws IllegalArgumentException when the arrays differ in length
     */
    public static long pass(Allocator allocator, long[] refs, long[] sizes) {
        if (refs.length != sizes.length) {
            throw new IllegalArgumentException("refs and sizes differ in length: " + refs.length + " and "
                    + sizes.length);
        }
        allocator.flushThreadCache();
        long moved = 0;
        for (int i = 0; i < refs.length; i++) {
            long old = refs[i];
            if (old != 0 && allocator.shouldMove(old)) {
                long to = allocator.mallocUncached(sizes[i]);
                MemorySegment.copy(ALL, old, ALL, to, sizes[i]);
                allocator.freeUncached(old);
                refs[i] = to;
                moved++;
            }
        }
        return moved;
    }

    /**
     * Passes until one moves fewer than {@code 1/1000} of the live blocks, at most {@code maxPasses}: later passes
     * find the blocks of slabs that fell below the average as earlier ones emptied others.
     *
     * @return the number of blocks moved over all passes
     */
    public static long run(Allocator allocator, long[] refs, long[] sizes, int maxPasses) {
        long live = 0;
        for (long r : refs) {
            live += r != 0 ? 1 : 0;
        }
        long moved = 0;
        for (int pass = 0; pass < maxPasses; pass++) {
            long now = pass(allocator, refs, sizes);
            moved += now;
            if (now * 1000 < live) {
                break;
            }
        }
        return moved;
    }
}
