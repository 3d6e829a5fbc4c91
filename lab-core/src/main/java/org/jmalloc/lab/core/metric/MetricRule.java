package org.jmalloc.lab.core.metric;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rule of {@link MetricCatalog}: the metric names it covers, the direction and kind they get, and why.
 *
 * @param pattern an exact name or a glob in which {@code *} stands for any run of name characters (dots included),
 *     e.g. {@code latency.*} or {@code perf.*miss*}
 * @param direction which way the covered metrics get better
 * @param kind whether they are noisy
 * @param meaning one line saying what the metrics are, for people reading {@link MetricCatalog#rules()}
 */
public record MetricRule(String pattern, Direction direction, MetricKind kind, String meaning) {

    public MetricRule {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(meaning, "meaning");
    }

    /** Whether this rule covers the metric name. */
    public boolean covers(String name) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append("[a-z0-9_.]*");
            }
            regex.append(Pattern.quote(part));
        }
        return name.matches(regex.toString());
    }
}
