package org.jmalloc.results.changepoint;

/**
 * A change found in a series: from {@code index} on, the series has a different mean.
 *
 * @param index first index of the new regime ({@code series[index - 1]} is the last point before)
 * @param qHat  E-divisive's divergence statistic when the split step proposed it
 * @param stats the segments before and after (up to the neighbouring change points) and their test
 */
public record ChangePoint(int index, double qHat, Comparison stats) implements Located {
}
