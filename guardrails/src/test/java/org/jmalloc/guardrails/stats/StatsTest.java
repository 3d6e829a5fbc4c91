package org.jmalloc.guardrails.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void hodgesLehmannIsTheMedianPairwiseDifference() {
        // differences c - b: {9, 8, 7, 19, 18, 17, 29, 28, 27} -> median 18
        assertEquals(18, HodgesLehmann.shift(new double[] {1, 2, 3}, new double[] {10, 20, 30}), 1e-12);
        assertEquals(1.10, HodgesLehmann.ratio(new double[] {10, 20, 40}, new double[] {11, 22, 44}), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> HodgesLehmann.ratio(new double[] {0}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> HodgesLehmann.shift(new double[0], new double[] {1}));
    }

    @Test
    void hodgesLehmannIgnoresOneWildFork() {
        double[] b = {10, 10.1, 9.9, 10, 10.05};
        double[] c = {10, 10.1, 9.9, 10, 13.0}; // one JIT-bimodal fork, 30 % off
        assertEquals(1.0, HodgesLehmann.ratio(b, c), 0.011);
    }

    @Test
    void holmMatchesTheStepDownFormula() {
        // sorted p: 0.01 (x3 = 0.03), 0.02 (x2 = 0.04), 0.04 (x1 = 0.04, monotone)
        assertArrayEquals(new double[] {0.04, 0.03, 0.04}, Holm.adjust(new double[] {0.04, 0.01, 0.02}), 1e-12);
        assertArrayEquals(new double[] {1.0, 1.0}, Holm.adjust(new double[] {0.6, 0.9}), 1e-12);
        assertEquals(0, Holm.adjust(new double[0]).length);
    }

    @Test
    void bootstrapIsReproducibleFromItsSeed() {
        double[] b = {10, 10.2, 9.8, 10.1, 9.9, 10.3};
        double[] c = {11, 11.1, 10.9, 11.2, 10.8, 11.0};
        Interval one = new Bootstrap(2000, 42).ratioInterval(b, c, 0.99);
        Interval two = new Bootstrap(2000, 42).ratioInterval(b, c, 0.99);
        assertEquals(one, two);
        assertTrue(one.low() > 1.05 && one.high() < 1.16, "interval " + one + " around the 10 % shift");
    }

    /** Seeded property: the 95 % interval covers the true ratio of lognormal samples most of the time. */
    @Test
    void bootstrapIntervalCoversTheTrueRatio() {
        SplittableRandom random = new SplittableRandom(7);
        int covered = 0;
        int trials = 300;
        for (int t = 0; t < trials; t++) {
            double[] b = lognormal(random, 12, 1.0, 0.04);
            double[] c = lognormal(random, 12, 1.07, 0.04);
            if (new Bootstrap(500, t).ratioInterval(b, c, 0.95).contains(1.07)) {
                covered++;
            }
        }
        // Percentile intervals of 12 + 12 values cover a little less than their level; 85 % is a generous floor.
        assertTrue(covered >= 0.85 * trials, covered + " of " + trials + " intervals covered the true ratio");
    }

    static double[] lognormal(SplittableRandom random, int n, double level, double cv) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = level * Math.exp(cv * gaussian(random));
        }
        return x;
    }

    static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
