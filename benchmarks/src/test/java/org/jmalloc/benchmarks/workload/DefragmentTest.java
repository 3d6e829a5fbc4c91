package org.jmalloc.benchmarks.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.jmalloc.allocator.Allocator;
import org.jmalloc.allocator.Stats;
import org.junit.jupiter.api.Test;

/** {@link Defragment}: the loop packs a fragmented heap, keeps every block's bytes, and updates the references. */
class DefragmentTest {

    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    @Test
    void passesPackTheSlabsAndKeepEveryBlocksBytes() {
        try (Allocator allocator = Allocator.builder().build()) {
            SplittableRandom random = new SplittableRandom(SeededInputs.SEED);
            int count = 100_000;
            long[] refs = new long[count];
            long[] sizes = new long[count];
            for (int i = 0; i < count; i++) {
                sizes[i] = random.nextLong(16, 513);
                refs[i] = allocator.malloc(sizes[i]);
                ALL.set(ValueLayout.JAVA_INT_UNALIGNED, refs[i], i);
                ALL.set(ValueLayout.JAVA_BYTE, refs[i] + sizes[i] - 1, (byte) i);
            }
            for (int i = 0; i < count; i++) {
                if (i % 10 != 3) {
                    allocator.free(refs[i]);
                    refs[i] = 0;
                }
            }
            allocator.flushThreadCache();
            long before = slabs(allocator.stats());
            long[] original = refs.clone();

            long moved = Defragment.run(allocator, refs, sizes, 8);
            long after = slabs(allocator.stats());

            long changed = 0;
            for (int i = 0; i < count; i++) {
                changed += refs[i] != original[i] ? 1 : 0;
                if (refs[i] != 0) {
                    assertEquals(i, ALL.get(ValueLayout.JAVA_INT_UNALIGNED, refs[i]), "first word of block " + i);
                    assertEquals((byte) i, ALL.get(ValueLayout.JAVA_BYTE, refs[i] + sizes[i] - 1),
                            "last byte of block " + i);
                    allocator.free(refs[i]);
                }
            }
            assertEquals(moved, changed, "every move updates its reference, and only moves do");
            assertTrue(after * 4 < before, "slabs of the small classes: " + before + " before, " + after + " after "
                    + moved + " moves");
        }
    }

    @Test
    void arraysOfDifferentLengthsAreRejected() {
        try (Allocator allocator = Allocator.builder().build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Defragment.pass(allocator, new long[3], new long[2]));
            assertEquals("refs and sizes differ in length: 3 and 2", e.getMessage());
        }
    }

    private static long slabs(Stats stats) {
        return stats.sizeClasses().stream().mapToLong(Stats.SizeClassStats::currentSlabs).sum();
    }
}
