package org.jmalloc.guardrails.stats;

import org.apache.commons.statistics.descriptive.Median;

/**
 * Hodges-Lehmann estimates of how far a candidate sample sits from a baseline sample: the median of all
 * {@code n x m} pairwise differences. Robust where a mean is not: one JIT-bimodal fork moves it by at most one rank.
 *
 * <ul>
 *   <li>{@link #shift}: {@code median(c_j - b_i)}, in the samples' unit;
 *   <li>{@link #ratio}: {@code exp(median(ln c_j - ln b_i))}, the shift on a log scale, so {@code 1.05} means the
 *       candidate is typically 5 % higher. Needs positive samples.
 * </ul>
 */
public final class HodgesLehmann {

    private HodgesLehmann() {
    }

    /** The median pairwise difference {@code candidate - baseline}. */
    public static double shift(double[] baseline, double[] candidate) {
        requireSamples(baseline, candidate);
        double[] d = new double[baseline.length * candidate.length];
        int k = 0;
        for (double b : baseline) {
            for (double c : candidate) {
                d[k++] = c - b;
            }
        }
        return Median.withDefaults().evaluate(d);
    }

    /**
     * The median pairwise ratio {@code candidate / baseline}, taken on the log scale.
     *
     * @throws IllegalArgumentException when a sample is not positive
     */
    public static double ratio(double[] baseline, double[] candidate) {
        return Math.exp(shift(logs(baseline), logs(candidate)));
    }

    static double[] logs(double[] values) {
        double[] logs = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] > 0) || !Double.isFinite(values[i])) {
                throw new IllegalArgumentException("a ratio needs positive finite samples, not " + values[i]);
            }
            logs[i] = Math.log(values[i]);
        }
        return logs;
    }

    private static void requireSamples(double[] baseline, double[] candidate) {
        if (baseline.length == 0 || candidate.length == 0) {
            throw new IllegalArgumentException("empty sample: baseline has " + baseline.length + ", candidate "
                    + candidate.length + " values");
        }
    }
}
