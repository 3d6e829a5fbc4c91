package org.jmalloc.benchmarks.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SeededInputsTest {

    @Test
    void sameSeedGivesTheSameSequences() {
        SeededInputs a = new SeededInputs(SeededInputs.SEED);
        SeededInputs b = new SeededInputs(SeededInputs.SEED);
        assertArrayEquals(a.skewedSizes(1000, 16, 4096), b.skewedSizes(1000, 16, 4096));
        assertArrayEquals(a.permutation(1000), b.permutation(1000));
        assertArrayEquals(a.indices(1000, 77), b.indices(1000, 77));
    }

    @Test
    void skewedSizes_stayInRangeWithMedianNear64BytesAndTenPercentAbove1400() {
        long[] sizes = new SeededInputs(1).skewedSizes(100_000, 16, 4096);
        long[] sorted = sizes.clone();
        Arrays.sort(sorted);
        assertEquals(16, sorted[0]);
        assertTrue(sorted[sorted.length - 1] <= 4096);
        long median = sorted[sorted.length / 2];
        assertTrue(median >= 60 && median <= 68, "median " + median);
        long p90 = sorted[sorted.length * 9 / 10];
        assertTrue(p90 >= 1300 && p90 <= 1500, "p90 " + p90);
    }

    @Test
    void skewedSizes_rejectsAnEmptyRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SeededInputs(1).skewedSizes(1, 64, 16));
        assertEquals("size range [64, 16] is empty or below 1 byte", e.getMessage());
    }

    @Test
    void permutation_containsEveryIndexOnce() {
        int[] order = new SeededInputs(2).permutation(1024);
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
        assertFalse(Arrays.equals(order, sorted), "a shuffled order, not the identity");
    }

    @Test
    void flags_areSetAtTheRequestedRate() {
        boolean[] flags = new SeededInputs(3).flags(160_000, 16);
        int set = 0;
        for (boolean f : flags) {
            set += f ? 1 : 0;
        }
        assertTrue(set > 9_000 && set < 11_000, set + " of 160000 set, expected about 10000");
    }
}
