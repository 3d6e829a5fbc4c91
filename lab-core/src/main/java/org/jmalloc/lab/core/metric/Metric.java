package org.jmalloc.lab.core.metric;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A measured quantity: a stable name for the concept, its unit kept apart from the name, the direction that is better,
 * and whether it is noisy. Two results of one metric are comparable when their units are equal.
 *
 * <p>Names are dotted lowercase, segments of letters, digits and underscores: {@code latency.avg},
 * {@code latency.p99.9}, {@code gc.alloc.rate.norm}, {@code perf.cache_misses}, {@code footprint.rss_over_live}. A
 * name says what is measured, never in which unit or by which tool option; {@link MetricCatalog} makes the metrics
 * of JMH's figures and of the lab's own.
 *
 * @param name the dotted name
 * @param unit the unit as the measuring tool writes it, e.g. {@code ns/op}, {@code ops/s}, {@code B/op}, {@code #/op}
 * @param direction which way is better
 * @param kind whether it moves from run to run
 */
public record Metric(String name, String unit, Direction direction, MetricKind kind) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*");

    /**
     * @throws IllegalArgumentException when the name is not dotted lowercase or the unit is blank
     * @throws NullPointerException when any part is null
     */
    public Metric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(kind, "kind");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid metric name '" + name + "': use dotted lowercase segments of"
                    + " letters, digits and '_', e.g. latency.p99 or footprint.rss_over_live");
        }
        if (unit.isBlank()) {
            throw new IllegalArgumentException("metric " + name + " has a blank unit");
        }
    }

    /** This metric in another unit (the same concept, direction and kind). */
    public Metric withUnit(String otherUnit) {
        return new Metric(name, otherUnit, direction, kind);
    }

    /** {@code name [unit]}, e.g. {@code latency.avg [ns/op]}. */
    @Override
    public String toString() {
        return name + " [" + unit + "]";
    }
}
