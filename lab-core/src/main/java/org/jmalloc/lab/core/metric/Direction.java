package org.jmalloc.lab.core.metric;

/** Which way a metric gets better. */
public enum Direction {

    /** Times, bytes, counts of work or of failures: less is better. */
    LOWER_IS_BETTER,

    /** Operations per unit of time: more is better. */
    HIGHER_IS_BETTER;

    /**
     * How much worse {@code candidate} is than {@code baseline}, as a fraction of the baseline: {@code +0.10} is 10 %
     * worse, {@code -0.10} 10 % better, whichever the direction. NaN when either value is NaN or the baseline is 0.
     */
    public double regression(double baseline, double candidate) {
        if (Double.isNaN(baseline) || Double.isNaN(candidate) || baseline == 0) {
            return Double.NaN;
        }
        double change = (candidate - baseline) / Math.abs(baseline);
        return this == LOWER_IS_BETTER ? change : -change;
    }

    /** Whether {@code a} is strictly better than {@code b}; false when either is NaN. */
    public boolean isBetter(double a, double b) {
        return this == LOWER_IS_BETTER ? a < b : a > b;
    }
}
