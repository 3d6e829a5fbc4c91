package org.jmalloc.guardrails.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jmalloc.lab.core.jmh.JmhMetric;
import org.jmalloc.lab.core.jmh.JmhResult;
import org.jmalloc.lab.core.jmh.JmhResults;
import org.jmalloc.lab.core.metric.MetricCatalog;

/**
 * The gate's measurements from a JMH JSON result file, through the lab's JMH result model: every metric the
 * {@link MetricCatalog} names, one value per fork ({@code forkValues}: the fork's mean over its measured iterations,
 * or for a sampled percentile the fork's own percentile), under the catalog's names and units.
 *
 * <p>In sample mode the gate keeps only {@code latency.p99} (the sampled p99 of the quick gate) of the percentile
 * family and the mean: the mean is what the average-time twin of the benchmark measures already, and every further
 * noisy metric costs the others power under Holm's correction.
 */
public final class JmhJson {

    private JmhJson() {
    }

    /**
     * The measurements in a JMH JSON result file.
     *
     * @throws IOException when the file is missing or not JMH's JSON
     */
    public static List<Measurement> read(Path file) throws IOException {
        List<JmhResult> results;
        try {
            results = JmhResults.read(file);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        List<Measurement> out = new ArrayList<>();
        for (JmhResult r : results) {
            String name = display(r.benchmark(), r.params());
            boolean sample = r.mode().equals("sample");
            for (org.jmalloc.lab.core.jmh.Measurement m : r.measurements()) {
                String metric = m.metric().name();
                if (sample && metric.startsWith("latency.") && !metric.equals(MetricCatalog.LATENCY_P99)) {
                    continue;
                }
                for (double fork : m.forkValues()) {
                    out.add(new Measurement(name, r.benchmark(), metric, m.metric().unit(), fork));
                }
            }
            JmhMetric cpu = r.secondary().get("cpu");
            if (cpu != null && !cpu.rawData().isEmpty() && !sample) {
                for (List<Double> iterations : cpu.rawData()) {
                    iterations.stream().mapToDouble(Double::doubleValue).min().ifPresent(least -> out.add(
                            new Measurement(name, r.benchmark(), LEAST_CPU, cpu.unit(), least)));
                }
            }
        }
        return out;
    }

    /**
     * A fork's least CPU time per operation over its measured iterations (from {@code ThreadCpuProfiler}'s {@code cpu}
     * results), reported beside the forks' mean. On this machine's two virtual CPUs whole iterations of one fork ran at
     * 10 or at 17-19 ns per malloc+free pair, CPU time and wall clock alike (something beside the VM takes a share of
     * the core, and it only ever adds time), so a fork's fastest iteration seemed the steadier figure: its spread was
     * 4-9 % against the mean's 6-25 % on an idle machine (6 forks), but 15-23 % against 11-15 % under load (32 forks).
     * The thresholds file decides which of the two is guarded.
     */
    public static final String LEAST_CPU = "latency.min.cpu";

    /** {@code org.x.latency.MallocFreeLatencyBenchmark.mallocFree} + {size=00064} -> "MallocFreeLatency size=00064". */
    static String display(String jmhName, Map<String, String> params) {
        String cls = JmhResult.className(jmhName);
        cls = cls.substring(cls.lastIndexOf('.') + 1);
        if (cls.endsWith("Benchmark")) {
            cls = cls.substring(0, cls.length() - "Benchmark".length());
        }
        StringBuilder s = new StringBuilder(cls);
        Map<String, String> sorted = new TreeMap<>(params);
        sorted.remove("impl");
        sorted.forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
        return s.toString();
    }
}
