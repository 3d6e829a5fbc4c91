package org.jmalloc.results.model;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * One run's figure in a series.
 *
 * @param runId the run it came from
 * @param commit the commit measured (empty when unknown)
 * @param time when the run finished, UTC
 * @param value the figure
 * @param error half-width of the confidence interval, NaN when unknown
 * @param samples fork-level samples, empty when none
 */
public record Point(String runId, String commit, Instant time, double value, double error, List<Double> samples) {

    /** Series order: by time, then by run id so that runs finishing in the same millisecond keep one order. */
    public static final Comparator<Point> ORDER = Comparator.comparing(Point::time).thenComparing(Point::runId);

    public Point {
        samples = List.copyOf(samples);
    }
}
