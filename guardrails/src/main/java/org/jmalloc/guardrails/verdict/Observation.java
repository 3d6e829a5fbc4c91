package org.jmalloc.guardrails.verdict;

/**
 * One metric of one benchmark, as measured on both sides: one value per JMH fork (the fork's mean over its
 * measurement iterations, or the fork's percentile for a sampled percentile). The forks are the unit of evidence:
 * iterations within a fork share one JIT compilation and one memory layout, so they are not independent.
 *
 * @param benchmark the benchmark's display name: JMH name without the package, and its parameters, e.g.
 *     {@code latency.MallocFreeLatencyBenchmark.mallocFree size=00064}
 * @param jmhName the full JMH benchmark name, which rules match on
 * @param metric the metric name, e.g. {@code latency.avg}
 * @param unit the unit, e.g. {@code ns/op}
 * @param baseline one value per baseline fork
 * @param candidate one value per candidate fork
 */
public record Observation(String benchmark, String jmhName, String metric, String unit, double[] baseline,
        double[] candidate) {

    public Observation {
        baseline = baseline.clone();
        candidate = candidate.clone();
    }

    /** One value per baseline fork (a copy). */
    @Override
    public double[] baseline() {
        return baseline.clone();
    }

    /** One value per candidate fork (a copy). */
    @Override
    public double[] candidate() {
        return candidate.clone();
    }

    /** The metric's key in a run: benchmark and metric. */
    public String key() {
        return benchmark + " " + metric;
    }
}
