package org.jmalloc.results.changepoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The prefix-table divergence against the formula evaluated directly, on seeded random windows. */
class EnergyDivergenceTest {

    @Test
    void bestSplit_matchesTheDirectFormulaOnSeededSeries() {
        SyntheticSeries synthetic = new SyntheticSeries(7);
        for (int trial = 0; trial < 200; trial++) {
            int length = synthetic.nextInt(2, 30);
            double[] series = synthetic.next(length, 50, 0.2, synthetic.nextInt(0, length), 0.3);
            int from = synthetic.nextInt(0, length - 1);
            int to = synthetic.nextInt(from + 2, length + 1);
            EnergyDivergence energy = new EnergyDivergence(series, 0, length);
            Candidate expected = direct(series, from, to);
            Candidate actual = energy.bestSplit(from, to);
            assertEquals(expected.index(), actual.index(), "trial " + trial + " segment [" + from + ", " + to + ")");
            assertEquals(expected.qHat(), actual.qHat(), 1e-9 * Math.max(1, Math.abs(expected.qHat())), "trial " + trial);
        }
    }

    @Test
    void bestSplit_ofAClearStep_isTheStep() {
        double[] series = {1, 1, 1, 1, 1, 9, 9, 9, 9};
        assertEquals(5, new EnergyDivergence(series, 0, series.length).bestSplit(0, series.length).index());
    }

    @Test
    void bestSplit_worksOnAWindowThatDoesNotStartAtZero() {
        double[] series = {7, 7, 1, 1, 1, 9, 9, 9, 3};
        assertEquals(5, new EnergyDivergence(series, 2, 8).bestSplit(2, 8).index());
    }

    @Test
    void bestSplit_ofOnePoint_isNone_andOutsideTheWindowIsRefused() {
        double[] series = {1, 2, 3, 4};
        EnergyDivergence energy = new EnergyDivergence(series, 1, 4);
        assertNull(energy.bestSplit(2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> energy.bestSplit(0, 3));
    }

    /** Q(tau, kappa) summed pair by pair, as the Javadoc of EnergyDivergence writes it. */
    private static Candidate direct(double[] z, int s, int e) {
        int bestTau = -1;
        double best = Double.NEGATIVE_INFINITY;
        for (int tau = s + 1; tau < e; tau++) {
            for (int kappa = tau + 1; kappa <= e; kappa++) {
                int n = tau - s;
                int m = kappa - tau;
                double cross = 0;
                for (int i = s; i < tau; i++) {
                    for (int j = tau; j < kappa; j++) {
                        cross += Math.abs(z[i] - z[j]);
                    }
                }
                double wx = 0;
                for (int i = s; i < tau; i++) {
                    for (int k = i + 1; k < tau; k++) {
                        wx += Math.abs(z[i] - z[k]);
                    }
                }
                double wy = 0;
                for (int j = tau; j < kappa; j++) {
                    for (int k = j + 1; k < kappa; k++) {
                        wy += Math.abs(z[j] - z[k]);
                    }
                }
                double q = 2.0 / (m + n) * cross
                        - (n > 1 ? 2.0 * m / ((m + n) * (n - 1.0)) * wx : 0)
                        - (m > 1 ? 2.0 * n / ((m + n) * (m - 1.0)) * wy : 0);
                if (q > best) {
                    best = q;
                    bestTau = tau;
                }
            }
        }
        return new Candidate(bestTau, best);
    }
}
