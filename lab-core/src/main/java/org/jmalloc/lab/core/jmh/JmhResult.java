package org.jmalloc.lab.core.jmh;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jmalloc.lab.core.metric.Metric;
import org.jmalloc.lab.core.metric.MetricCatalog;

/**
 * One entry of JMH's JSON result file: a benchmark run with one combination of parameters, all its forks.
 *
 * @param jmhVersion the JMH version that wrote it, empty when the file does not say
 * @param benchmark the full benchmark name, e.g. {@code org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree}
 * @param mode JMH's short mode name: {@code thrpt}, {@code avgt}, {@code sample} or {@code ss}
 * @param params parameter values by name, in JMH's order (empty when the benchmark has none)
 * @param settings forks, threads, warmup and measurement settings
 * @param jvm the forked JVM: executable, options, versions
 * @param primary the primary metric (the score of the benchmark method)
 * @param secondary secondary metrics by JMH's name without the old {@code "·"} prefix, in file order, e.g.
 *     {@code gc.alloc.rate.norm}, {@code allocate}
 */
public record JmhResult(String jmhVersion, String benchmark, String mode, Map<String, String> params,
        JmhSettings settings, JvmInfo jvm, JmhMetric primary, Map<String, JmhMetric> secondary) {

    public JmhResult {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        secondary = Collections.unmodifiableMap(new LinkedHashMap<>(secondary));
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

    /** Forked JVMs of the run ({@link JmhSettings#forks()}). */
    public int forks() {
        return settings.forks();
    }

    /** Benchmark threads per fork. */
    public int threads() {
        return settings.threads();
    }

    /** The forked JVM's JDK version, e.g. {@code 25.0.3}. */
    public String jdkVersion() {
        return jvm.jdkVersion();
    }

    /** The forked JVM's name, e.g. {@code OpenJDK 64-Bit Server VM}. */
    public String vmName() {
        return jvm.vmName();
    }

    /** The forked JVM's options. */
    public List<String> jvmArgs() {
        return jvm.jvmArgs();
    }

    /**
     * The metric of the primary score ({@link MetricCatalog#primary}).
     *
     * @throws IllegalArgumentException when the mode is unknown or the unit does not fit it
     */
    public Metric primaryMetric() {
        return MetricCatalog.primary(mode, primary.unit());
    }

    /**
     * Every figure of this result that has a metric, in order: the primary score; in sample mode each percentile of
     * the samples ({@code latency.p0} ... {@code latency.p100}); then each secondary metric the catalog names. Per-fork
     * values are the forks' means, or for a percentile each fork's nearest-rank percentile of its samples; empty when
     * the file has no raw data.
     */
    public List<Measurement> measurements() {
        Metric primaryMetric = primaryMetric();
        List<Measurement> all = new ArrayList<>();
        all.add(of(primaryMetric, primary));
        if (mode.equals("sample")) {
            for (Map.Entry<String, Double> p : primary.percentiles().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(Comparator.comparingDouble(Double::parseDouble)))
                    .toList()) {
                List<Double> forks = primary.histograms().isEmpty() ? List.of()
                        : Measurement.list(primary.forkPercentiles(Double.parseDouble(p.getKey())));
                all.add(new Measurement(MetricCatalog.percentile(p.getKey(), primary.unit()), p.getValue(),
                        Double.NaN, forks));
            }
        }
        secondary.forEach((name, m) -> MetricCatalog.secondary(name, m.unit(), primaryMetric)
                .ifPresent(metric -> all.add(of(metric, m))));
        return all;
    }

    /** The measurement of the metric with this name, if this result has it. */
    public Optional<Measurement> measurement(String metricName) {
        return measurements().stream().filter(m -> m.metric().name().equals(metricName)).findFirst();
    }

    private static Measurement of(Metric metric, JmhMetric m) {
        return new Measurement(metric, m.score(), m.error(),
                m.hasForkData() ? Measurement.list(m.forkMeans()) : List.of());
    }
}
