package org.jmalloc.lab.core.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SampleHistogramTest {

    private static SampleHistogram.Bin bin(double value, long count) {
        return new SampleHistogram.Bin(value, count);
    }

    @Test
    void sortsValuesAndAddsUpEqualOnes() {
        SampleHistogram h = new SampleHistogram(List.of(bin(40, 2), bin(30, 1), bin(40, 3)));
        assertEquals(List.of(bin(30, 1), bin(40, 5)), h.bins());
        assertEquals(6, h.count());
        assertEquals((30 + 5 * 40) / 6.0, h.mean(), 1e-12);
    }

    @Test
    void percentile_isTheNearestRank() {
        SampleHistogram h = new SampleHistogram(List.of(bin(10, 1), bin(20, 1), bin(30, 1), bin(40, 1)));
        assertEquals(10, h.percentile(0));
        assertEquals(10, h.percentile(25));
        assertEquals(20, h.percentile(25.1));
        assertEquals(20, h.percentile(50));
        assertEquals(40, h.percentile(99.9));
        assertEquals(40, h.percentile(100));
    }

    @Test
    void percentile_matchesASortedArrayOfTheSamples_seeded() {
        long seed = 20261201L;
        SplittableRandom random = new SplittableRandom(seed);
        for (int trial = 0; trial < 200; trial++) {
            List<SampleHistogram.Bin> bins = new ArrayList<>();
            List<Double> samples = new ArrayList<>();
            int distinct = 1 + random.nextInt(30);
            for (int i = 0; i < distinct; i++) {
                double value = random.nextInt(1000);
                long count = 1 + random.nextInt(50);
                bins.add(bin(value, count));
                for (long c = 0; c < count; c++) {
                    samples.add(value);
                }
            }
            double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            SampleHistogram h = new SampleHistogram(bins);
            double p = random.nextDouble() * 100;
            int rank = Math.max(1, (int) Math.ceil(p / 100 * sorted.length));
            assertEquals(sorted[rank - 1], h.percentile(p), "seed " + seed + " trial " + trial + " p " + p);
            assertEquals(Arrays.stream(sorted).average().orElseThrow(), h.mean(), 1e-9, "seed " + seed);
        }
    }

    @Test
    void rejectsCountsBelowOneAndPercentilesOutOfRange() {
        assertEquals("count 0 of value 1.0 is below 1",
                assertThrows(IllegalArgumentException.class, () -> new SampleHistogram(List.of(bin(1, 0))))
                        .getMessage());
        SampleHistogram h = new SampleHistogram(List.of(bin(1, 1)));
        assertThrows(IllegalArgumentException.class, () -> h.percentile(100.5));
        assertThrows(IllegalArgumentException.class, () -> h.percentile(Double.NaN));
        assertThrows(IllegalStateException.class, () -> new SampleHistogram(List.of()).percentile(50));
    }
}
