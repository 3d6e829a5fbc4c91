package org.jmalloc.results.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The points of one series, oldest first ({@link Point#ORDER}).
 *
 * @param key what the series follows
 * @param unit the unit of every point (the unit of the latest point when the history holds several)
 * @param points ordered by time, then run id; unmodifiable
 */
public record Series(SeriesKey key, String unit, List<Point> points) {

    public Series {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Point.ORDER);
        points = List.copyOf(sorted);
    }

    /** The values in order, e.g. for change-point detection. */
    public double[] values() {
        return points.stream().mapToDouble(Point::value).toArray();
    }
}
