package org.jmalloc.results.changepoint;

/**
 * The split that E-divisive proposes within a segment.
 *
 * @param index first index of the new regime (an index into the whole series)
 * @param qHat  the divergence statistic of the split; larger means the two sides differ more
 */
public record Candidate(int index, double qHat) implements Located {
}
