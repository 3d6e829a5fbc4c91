package org.jmalloc.results.chart;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a trend chart shows: one metric of one benchmark over time.
 *
 * @param title   the chart's title (e.g. the benchmark and its parameters)
 * @param metric  the metric's name, e.g. {@code latency.avg}
 * @param unit    the unit of every value, e.g. {@code ns/op}
 * @param lines   one line per hardware profile (at least one)
 * @param anchors reference values drawn as horizontal lines, e.g. the latest jemalloc figure
 * @param changes change points drawn as vertical lines labelled with their commit
 */
public record TrendChartData(String title, String metric, String unit, List<Line> lines, List<Reference> anchors,
                             List<Change> changes) {

    /** @throws IllegalArgumentException when there is no line or a line has no point */
    public TrendChartData {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(unit, "unit");
        lines = List.copyOf(lines);
        anchors = List.copyOf(anchors);
        changes = List.copyOf(changes);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a trend chart of " + metric + " needs at least one line");
        }
        for (Line line : lines) {
            if (line.points().isEmpty()) {
                throw new IllegalArgumentException("line '" + line.label() + "' of " + metric + " has no points");
            }
        }
    }

    /**
     * One measured figure.
     *
     * @param time  when it was measured
     * @param value the figure (finite)
     * @param error half-width of its confidence interval (NaN or 0 when unknown: no band)
     */
    public record Point(Instant time, double value, double error) {
        /** @throws IllegalArgumentException when the value is not finite */
        public Point {
            Objects.requireNonNull(time, "time");
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("a chart point needs a finite value, got " + value + " at " + time);
            }
        }
    }

    /** A line of points, oldest first, e.g. one hardware profile's figures. */
    public record Line(String label, List<Point> points) {
        public Line {
            Objects.requireNonNull(label, "label");
            points = List.copyOf(points);
        }
    }

    /** A horizontal reference line, e.g. an anchor allocator's latest figure. */
    public record Reference(String label, double value) {
        public Reference {
            Objects.requireNonNull(label, "label");
        }
    }

    /** A vertical marker at a change point, labelled e.g. with the commit that changed it. */
    public record Change(Instant time, String label) {
        public Change {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(label, "label");
        }
    }
}
