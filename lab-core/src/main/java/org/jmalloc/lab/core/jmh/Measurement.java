package org.jmalloc.lab.core.jmh;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jmalloc.lab.core.metric.Metric;

/**
 * One metric's value in one JMH result: what the results history stores and the guardrails compare.
 *
 * @param metric the metric (name, unit, direction, kind)
 * @param score JMH's aggregate over all forks
 * @param error the half-width of JMH's 99.9 % confidence interval, NaN when JMH gives none (percentiles)
 * @param forks each fork's value in fork order, empty when the result has no per-fork data
 */
public record Measurement(Metric metric, double score, double error, List<Double> forks) {

    public Measurement {
        Objects.requireNonNull(metric, "metric");
        forks = List.copyOf(forks);
    }

    /** The per-fork values as an array. */
    public double[] forkValues() {
        return forks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static List<Double> list(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
