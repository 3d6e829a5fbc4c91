package org.jmalloc.guardrails.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jmalloc.guardrails.verdict.Observation;

/**
 * Every fork's measurements of a gate run, by benchmark and metric, for both sides. Not thread-safe.
 */
public final class Samples {

    /** One metric of one benchmark: its values per fork on each side. */
    public record Series(String benchmark, String jmhName, String metric, String unit, List<Double> baseline,
            List<Double> candidate) {
    }

    private final Map<String, Series> series = new LinkedHashMap<>();

    /** Adds one fork's measurements to {@code side} ({@code "baseline"} or {@code "candidate"}). */
    public void add(String side, List<Measurement> fork) {
        for (Measurement m : fork) {
            Series s = series.computeIfAbsent(m.benchmark() + " " + m.metric(), k -> new Series(m.benchmark(),
                    m.jmhName(), m.metric(), m.unit(), new ArrayList<>(), new ArrayList<>()));
            (side.equals("baseline") ? s.baseline() : s.candidate()).add(m.value());
        }
    }

    /** Every series, in the order first seen. */
    public List<Series> series() {
        return List.copyOf(series.values());
    }

    /** The series measured on both sides, as the evaluator's observations. */
    public List<Observation> observations() {
        List<Observation> out = new ArrayList<>();
        for (Series s : series.values()) {
            if (!s.baseline().isEmpty() && !s.candidate().isEmpty()) {
                out.add(new Observation(s.benchmark(), s.jmhName(), s.metric(), s.unit(), values(s.baseline()),
                        values(s.candidate())));
            }
        }
        return out;
    }

    /** The benchmarks that only the candidate has (no baseline forks of any metric). */
    public List<String> candidateOnly() {
        Map<String, Boolean> seenInBaseline = new LinkedHashMap<>();
        for (Series s : series.values()) {
            seenInBaseline.merge(s.benchmark(), !s.baseline().isEmpty(), Boolean::logicalOr);
        }
        return seenInBaseline.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
    }

    private static double[] values(List<Double> list) {
        return list.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
