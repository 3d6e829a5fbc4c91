package org.jmalloc.allocator.prof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Seeded property tests of the sampling arithmetic: intervals are geometric with the promised
 * mean, and weighting samples by {@link SampleMath#weight} recovers the true counts and bytes of
 * an allocation stream whatever its sizes (small ones sampled rarely, large ones nearly always).
 */
class SampleMathTest {

    private static final long SEED = Long.getLong("jmalloc.test.seed", 0x5A3D1EL);

    @ParameterizedTest(name = "lgSample={0}")
    @ValueSource(ints = {4, 10, 19})
    void intervalsAreGeometricWithMeanTwoToTheLgSample(int lgSample) {
        SplittableRandom random = new SplittableRandom(SEED);
        int n = 200_000;
        double sum = 0;
        double sumSquares = 0;
        long min = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            long gap = SampleMath.bytesUntilSample(lgSample, SampleMath.uniform(random.nextLong()));
            min = Math.min(min, gap);
            sum += gap;
            sumSquares += (double) gap * gap;
        }
        double mean = sum / n;
        double expected = Math.scalb(1.0, lgSample);
        double sd = Math.sqrt(sumSquares / n - mean * mean);
        // Geometric with p = 1/expected: mean 1/p, standard deviation sqrt(1 − p)/p. Mean within 5
        // standard errors; the standard deviation within 2 %.
        double expectedSd = expected * Math.sqrt(1 - 1 / expected);
        assertEquals(expected, mean, 5 * expectedSd / Math.sqrt(n), "mean gap, seed " + SEED);
        assertEquals(expectedSd, sd, 0.02 * expectedSd, "standard deviation, seed " + SEED);
        assertTrue(min >= 1, "a gap is at least one byte");
    }

    @Test
    void lgSampleZeroSamplesEveryAllocationWithWeightOne() {
        assertEquals(1, SampleMath.bytesUntilSample(0, 0.5));
        assertEquals(1.0, SampleMath.weight(12345, 0));
    }

    @Test
    void weightsUnbiasAMixedStream() {
        int lgSample = 12; // 4 KiB: sizes from far below to far above the rate
        long[] sizes = {16, 112, 1024, 4096, 16384, 65536};
        SplittableRandom random = new SplittableRandom(SEED);
        long[] trueCount = new long[sizes.length];
        double[] estimatedCount = new double[sizes.length];
        double[] estimatedBytes = new double[sizes.length];
        long budget = SampleMath.bytesUntilSample(lgSample, SampleMath.uniform(random.nextLong()));
        for (int i = 0; i < 3_000_000; i++) {
            int k = random.nextInt(sizes.length * 4);
            k = k < 3 * sizes.length ? k % 2 : 2 + k % (sizes.length - 2); // skewed: many small ones
            long size = sizes[k];
            trueCount[k]++;
            budget -= size;
            if (budget <= 0) { // this allocation holds the sampled byte
                double w = SampleMath.weight(size, lgSample);
                estimatedCount[k] += w;
                estimatedBytes[k] += w * size;
                // The gap counts from the sampled byte; later bytes of this allocation do not count.
                budget = SampleMath.bytesUntilSample(lgSample, SampleMath.uniform(random.nextLong()));
            }
        }
        for (int k = 0; k < sizes.length; k++) {
            double truth = trueCount[k];
            assertEquals(1.0, estimatedCount[k] / truth, 0.05, "count of " + sizes[k] + "-byte allocations, seed " + SEED);
            assertEquals(1.0, estimatedBytes[k] / (truth * sizes[k]), 0.05, "bytes of " + sizes[k] + "-byte allocations");
        }
    }
}
