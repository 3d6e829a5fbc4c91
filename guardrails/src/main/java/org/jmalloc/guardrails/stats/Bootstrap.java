package org.jmalloc.guardrails.stats;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * A seeded percentile bootstrap of the {@linkplain HodgesLehmann#ratio Hodges-Lehmann ratio}: each resample draws the
 * baseline and the candidate forks with replacement, each group on its own (the two groups are independent JVMs),
 * and the interval is the {@code (1 - c) / 2} and {@code (1 + c) / 2} quantiles of the resampled ratios. The same seed
 * gives the same interval, so a verdict can be reproduced from its samples and its printed seed.
 *
 * <p>Contract: {@code resamples >= 100}; the samples are positive. Percentile intervals of tiny samples are known to
 * be somewhat narrow; the gate pairs this interval with a rank test whose level is exact, and its false-alarm rate is
 * measured end to end by {@code lab calibrate}, not assumed.
 */
public final class Bootstrap {

    private final int resamples;
    private final long seed;

    public Bootstrap(int resamples, long seed) {
        if (resamples < 100) {
            throw new IllegalArgumentException("resamples must be at least 100, not " + resamples);
        }
        this.resamples = resamples;
        this.seed = seed;
    }

    /** The percentile interval of the Hodges-Lehmann ratio {@code candidate / baseline} at {@code confidence}. */
    public Interval ratioInterval(double[] baseline, double[] candidate, double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), not " + confidence);
        }
        double[] logB = HodgesLehmann.logs(baseline);
        double[] logC = HodgesLehmann.logs(candidate);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] b = new double[logB.length];
        double[] c = new double[logC.length];
        double[] ratios = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            draw(rng, logB, b);
            draw(rng, logC, c);
            ratios[r] = HodgesLehmann.shift(b, c);
        }
        Arrays.sort(ratios);
        double tail = (1 - confidence) / 2;
        return new Interval(Math.exp(quantile(ratios, tail)), Math.exp(quantile(ratios, 1 - tail)), confidence);
    }

    private static void draw(UniformRandomProvider rng, double[] from, double[] into) {
        for (int i = 0; i < into.length; i++) {
            into[i] = from[rng.nextInt(from.length)];
        }
    }

    /** The {@code q} quantile of sorted values, interpolating between neighbours (type 7, as R's default). */
    private static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
