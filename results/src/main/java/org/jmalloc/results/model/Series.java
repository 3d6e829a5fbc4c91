package org.jmalloc.results.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jmalloc.lab.core.metric.Metric;
import org.jmalloc.lab.core.metric.MetricCatalog;

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

    /**
     * The metric of this series as lab-core's catalog knows it (direction, kind), or empty for a name no rule covers
     * (e.g. a metric imported from Otava) or a series without a unit.
     */
    public Optional<Metric> metric() {
        if (unit.isBlank()) {
            return Optional.empty();
        }
        try {
            return MetricCatalog.find(key.metric(), unit);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not a dotted lowercase name: an imported series' own name
        }
    }

    /** The values in order, e.g. for change-point detection. */
    public double[] values() {
        return points.stream().mapToDouble(Point::value).toArray();
    }
}
