package org.jmalloc.results.changepoint;

import org.apache.commons.statistics.descriptive.Mean;
import org.apache.commons.statistics.descriptive.Variance;
import org.apache.commons.statistics.inference.DataDispersion;
import org.apache.commons.statistics.inference.TTest;

/**
 * Two-sided two-sample t-tests from Apache Commons Statistics: {@link #student()} (pooled variance,
 * the test Otava's merge step uses: good for normal noise, and it works with few points) and
 * {@link #welch()} (unequal variances, for series whose noise changes with the level).
 *
 * <p>Edge cases, so that a p-value is always in [0, 1]:
 * <ul>
 *   <li>a segment of fewer than two points gives p = 1: one point cannot show a change;
 *   <li>both segments constant (deterministic metrics such as bytes per operation): p = 0 when
 *       their means differ, 1 when they are equal (the t statistic is infinite or undefined).
 * </ul>
 */
public final class TTestSignificance implements SignificanceTest {

    private final TTest test;

    private TTestSignificance(DataDispersion dispersion) {
        this.test = TTest.withDefaults().with(dispersion);
    }

    /** Student's t-test with pooled variance (the default). */
    public static TTestSignificance student() {
        return new TTestSignificance(DataDispersion.HOMOSCEDASTIC);
    }

    /** Welch's t-test (unequal variances). */
    public static TTestSignificance welch() {
        return new TTestSignificance(DataDispersion.HETEROSCEDASTIC);
    }

    @Override
    public Comparison compare(double[] series, int from, int split, int to) {
        if (from < 0 || !(from < split && split < to) || to > series.length) {
            throw new IndexOutOfBoundsException("segments [" + from + ", " + split + ") and [" + split + ", "
                    + to + ") do not fit a series of " + series.length + " points");
        }
        int n1 = split - from;
        int n2 = to - split;
        double m1 = Mean.ofRange(series, from, split).getAsDouble();
        double m2 = Mean.ofRange(series, split, to).getAsDouble();
        double v1 = n1 < 2 ? 0 : Variance.ofRange(series, from, split).getAsDouble();
        double v2 = n2 < 2 ? 0 : Variance.ofRange(series, split, to).getAsDouble();
        double p;
        if (n1 < 2 || n2 < 2) {
            p = 1;
        } else if (v1 == 0 && v2 == 0) {
            p = m1 == m2 ? 1 : 0;
        } else {
            p = test.test(m1, v1, n1, m2, v2, n2).getPValue();
            if (Double.isNaN(p)) {
                p = 1;
            }
        }
        return new Comparison(m1, m2, Math.sqrt(v1), Math.sqrt(v2), n1, n2, p);
    }
}
