package org.jmalloc.lab.bench;

import java.util.Map;

/**
 * One entry of JMH's JSON result file: a benchmark run with one combination of parameters.
 *
 * @param benchmark the full benchmark name, e.g. {@code org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree}
 * @param mode JMH's short mode name: {@code thrpt}, {@code avgt}, {@code sample} or {@code ss}
 * @param params parameter values by name, in JMH's order (empty when the benchmark has none)
 * @param primary the primary metric
 * @param secondary secondary metrics by name, e.g. {@code gc.alloc.rate.norm} (older JMH versions prefix names with
 *     a middle dot, which {@link JmhResults} strips)
 */
public record JmhResult(String benchmark, String mode, Map<String, String> params, Metric primary,
        Map<String, Metric> secondary) {

    public JmhResult {
        params = Map.copyOf(params);
        secondary = Map.copyOf(secondary);
    }

    /** Whether a higher score is better (throughput) rather than a lower one (time per operation). */
    public boolean higherIsBetter() {
        return mode.equals("thrpt");
    }

    /** The benchmark class's simple name, e.g. {@code MallocFreeLatencyBenchmark}. */
    public String className() {
        return className(benchmark);
    }

    /** The class's simple name in a full benchmark name {@code package.Class.method}. */
    public static String className(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        int pkg = benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(pkg + 1, method);
    }

    /**
     * A metric's value.
     *
     * @param score the score (NaN when JMH wrote "NaN")
     * @param error the half-width of the 99.9% confidence interval (NaN when too few samples)
     * @param unit e.g. {@code ns/op}, {@code ops/s}, {@code B/op}
     * @param percentiles the score's percentiles by JMH's key ({@code "50.0"}, {@code "99.9"}, ...); empty if absent
     */
    public record Metric(double score, double error, String unit, Map<String, Double> percentiles) {

        public Metric {
            percentiles = Map.copyOf(percentiles);
        }

        /**
         * The percentile under JMH's key, e.g. {@code "99.9"}.
         *
         * @throws IllegalArgumentException when the result has no such percentile
         */
        public double percentile(String key) {
            Double value = percentiles.get(key);
            if (value == null) {
                throw new IllegalArgumentException("no percentile " + key + " in " + percentiles.keySet());
            }
            return value;
        }
    }
}
