package org.jmalloc.results.changepoint;

/**
 * The two segments on either side of a change point and how different they are.
 *
 * @param meanBefore   mean of the segment before the change
 * @param meanAfter    mean of the segment from the change on
 * @param stdDevBefore sample standard deviation before (0 for one point)
 * @param stdDevAfter  sample standard deviation after (0 for one point)
 * @param sizeBefore   points before
 * @param sizeAfter    points after
 * @param pValue       the significance test's two-sided p-value, in [0, 1]
 */
public record Comparison(double meanBefore, double meanAfter, double stdDevBefore, double stdDevAfter,
                         int sizeBefore, int sizeAfter, double pValue) {

    /** {@code meanAfter / meanBefore - 1}, or 0 when {@code meanBefore} is 0. */
    public double relativeChange() {
        return meanBefore == 0 ? 0 : meanAfter / meanBefore - 1;
    }

    /** {@link #relativeChange()} in percent: +5 means the mean rose by 5 %. */
    public double changePercent() {
        return relativeChange() * 100;
    }

    /**
     * {@code max(|after/before - 1|, |before/after - 1|)}: the same for a rise and the fall that
     * undoes it (a doubling and a halving both have magnitude 1); 0 when a mean is 0.
     */
    public double magnitude() {
        double backward = meanAfter == 0 ? 0 : meanBefore / meanAfter - 1;
        return Math.max(Math.abs(relativeChange()), Math.abs(backward));
    }
}
