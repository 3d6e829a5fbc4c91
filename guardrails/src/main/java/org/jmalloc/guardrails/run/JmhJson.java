package org.jmalloc.guardrails.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the gate's metrics from the JSON of a one-fork JMH run ({@code -f 1 -rf json}): with one fork, a result's
 * score is that fork's mean over its measured iterations, the gate's unit of evidence.
 *
 * <p>Metric names: primary {@code avgt} and {@code ss} results are {@code latency.avg}, {@code thrpt} is
 * {@code throughput}, {@code sample} gives {@code latency.p99} (the fork's 99th percentile). Secondary results keep
 * the names their profilers give them ({@code gc.alloc.rate.norm}, {@code work.*}, {@code footprint.*},
 * {@code stats.*}), except perfnorm's, which become {@code perf.instructions}, {@code perf.cycles} and
 * {@code perf.cache_misses}; other secondary results are not read.
 */
public final class JmhJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JmhJson() {
    }

    /**
     * The measurements in a JMH JSON result file.
     *
     * @throws IOException when the file is missing or not JMH's JSON
     */
    public static List<Measurement> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("cannot read JMH results " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IOException(file + " is not a JMH JSON result file (expected an array of results)");
        }
        List<Measurement> out = new ArrayList<>();
        for (JsonNode r : root) {
            String jmhName = r.path("benchmark").asText();
            String name = display(jmhName, r.path("params"));
            JsonNode primary = r.path("primaryMetric");
            String unit = primary.path("scoreUnit").asText();
            switch (r.path("mode").asText()) {
                case "avgt", "ss" -> out.add(new Measurement(name, jmhName, "latency.avg", unit,
                        primary.path("score").asDouble()));
                case "thrpt" -> out.add(new Measurement(name, jmhName, "throughput", unit,
                        primary.path("score").asDouble()));
                case "sample" -> {
                    JsonNode p99 = primary.path("scorePercentiles").path("99.0");
                    if (!p99.isMissingNode()) {
                        out.add(new Measurement(name, jmhName, "latency.p99", unit, p99.asDouble()));
                    }
                }
                default -> { }
            }
            Iterator<Map.Entry<String, JsonNode>> secondary = r.path("secondaryMetrics").fields();
            while (secondary.hasNext()) {
                Map.Entry<String, JsonNode> e = secondary.next();
                String metric = metricName(e.getKey());
                if (metric != null) {
                    out.add(new Measurement(name, jmhName, metric, e.getValue().path("scoreUnit").asText(),
                            e.getValue().path("score").asDouble()));
                }
            }
        }
        return out;
    }

    /** The lab's name for a JMH secondary metric, or null when the gate does not read it. */
    static String metricName(String jmh) {
        String n = jmh.startsWith("\u00b7") ? jmh.substring(1) : jmh;
        return switch (n) {
            case "gc.alloc.rate.norm" -> n;
            case "instructions", "instructions:u" -> "perf.instructions";
            case "cycles", "cycles:u" -> "perf.cycles";
            case "cache-misses", "cache-misses:u" -> "perf.cache_misses";
            default -> n.startsWith("work.") || n.startsWith("footprint.") || n.startsWith("stats.") ? n : null;
        };
    }

    /** {@code org.x.latency.MallocFreeLatencyBenchmark.mallocFree} + {size=00064} -> "MallocFreeLatency size=00064". */
    static String display(String jmhName, JsonNode params) {
        String[] parts = jmhName.split("\\.");
        String cls = parts.length >= 2 ? parts[parts.length - 2] : jmhName;
        if (cls.endsWith("Benchmark")) {
            cls = cls.substring(0, cls.length() - "Benchmark".length());
        }
        StringBuilder s = new StringBuilder(cls);
        Map<String, String> sorted = new TreeMap<>();
        params.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
        sorted.remove("impl");
        sorted.forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
        return s.toString();
    }
}
