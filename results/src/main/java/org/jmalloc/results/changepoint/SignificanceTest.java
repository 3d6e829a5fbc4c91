package org.jmalloc.results.changepoint;

/**
 * Decides how likely it is that two adjacent segments of a series come from one distribution.
 * A strategy: the detector asks it about every candidate, in the split step (the candidate splits
 * its segment) and in the merge step (the candidate separates its two neighbouring segments).
 *
 * <p>Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface SignificanceTest {

    /**
     * Compares {@code series[from, split)} with {@code series[split, to)}.
     *
     * @param series the whole series (not modified)
     * @param from   first index of the segment before, inclusive
     * @param split  first index of the segment after
     * @param to     end of the segment after, exclusive; {@code from < split < to <= series.length}
     * @return both segments' summary and the p-value; a p-value of 1 when the test cannot decide
     */
    Comparison compare(double[] series, int from, int split, int to);
}
