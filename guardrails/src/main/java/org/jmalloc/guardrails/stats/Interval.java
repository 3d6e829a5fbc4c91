package org.jmalloc.guardrails.stats;

/**
 * A two-sided confidence interval.
 *
 * @param low lower end
 * @param high upper end, at least {@code low}
 * @param confidence its confidence level, e.g. 0.99
 */
public record Interval(double low, double high, double confidence) {

    public Interval {
        if (!(low <= high)) {
            throw new IllegalArgumentException("interval [" + low + ", " + high + "] is empty");
        }
    }

    /** Whether {@code x} lies inside, ends included. */
    public boolean contains(double x) {
        return low <= x && x <= high;
    }
}
