package org.jmalloc.results.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.jmalloc.results.importer.RunMetadata;
import org.jmalloc.results.importer.VerdictImporter;
import org.jmalloc.results.model.Params;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.RunInfo;
import org.jmalloc.results.model.RunKind;
import org.jmalloc.results.store.HistorySnapshot;
import org.jmalloc.results.store.Problem;

/**
 * A seeded demo history: 40 nightly runs on two hardware profiles of two benchmarks, jmalloc
 * against five anchors, with a 6 % latency regression from run 25 on and a throughput gain from
 * run 12 on; two gate runs imported from verdict files as {@code ./lab gate} writes them (one that passed after
 * run 20, one that caught a latency regression at the end) and one matrix run at the end. The same seed gives the
 * same rows.
 */
final class DemoHistory {

    static final Instant START = Instant.parse("2025-03-01T02:00:00Z");
    static final String LATENCY = "org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree";
    static final String THROUGHPUT = "org.jmalloc.benchmarks.throughput.LarsonThroughputBenchmark.larson";
    static final List<String> ANCHORS = List.of("glibc", "jemalloc", "mimalloc", "tcmalloc", "netty-pooled");
    static final int RUNS = 40;

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoHistory() {
    }

    /** The demo rows; {@code latencyBenchmark} names the latency benchmark (tests pass a hostile one). */
    static HistorySnapshot snapshot(long seed, String latencyBenchmark, List<Problem> problems) {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        List<ResultRow> rows = new ArrayList<>();
        Map<String, Double> latencyLevel = Map.of("jmalloc", 21.0, "glibc", 30.5, "jemalloc", 19.8, "mimalloc", 17.9,
                "tcmalloc", 18.6, "netty-pooled", 41.0);
        Map<String, Double> throughputLevel = Map.of("jmalloc", 5.1e6, "glibc", 3.9e6, "jemalloc", 5.6e6,
                "mimalloc", 6.2e6, "tcmalloc", 5.9e6, "netty-pooled", 2.2e6);
        for (int run = 0; run < RUNS; run++) {
            String commit = commit(run);
            for (String profile : List.of("amd64-2c-7f3a", "arm64-8c-19bd")) {
                double speed = profile.startsWith("arm64") ? 1.3 : 1.0;
                RunInfo info = new RunInfo(String.format("2025%04d-%s-%s", run, profile.substring(0, 5), commit),
                        START.plus(Duration.ofDays(run)).plusSeconds(profile.startsWith("arm64") ? 600 : 0), commit,
                        "main", RunKind.NIGHTLY, profile, profile.substring(0, 5), "Linux 6.1.0", profile.startsWith("arm64") ? 8 : 2,
                        "25+36-LTS", "-Xmx2g");
                for (String impl : implementations()) {
                    double lat = latencyLevel.get(impl) * speed * (impl.equals("jmalloc") && run >= 25 ? 1.06 : 1);
                    double value = lat * (1 + 0.01 * random.nextGaussian());
                    rows.add(info.row(latencyBenchmark, Params.of(Map.of("size", "00064")), "latency.avg", "ns/op",
                            value, lat * 0.01, List.of(value * 0.99, value * 1.01), impl));
                    double thr = throughputLevel.get(impl) / speed * (impl.equals("jmalloc") && run >= 12 ? 1.08 : 1);
                    double tv = thr * (1 + 0.015 * random.nextGaussian());
                    rows.add(info.row(THROUGHPUT, Params.of(Map.of("threads", "2")), "throughput", "ops/s",
                            tv, thr * 0.02, List.of(), impl));
                }
            }
        }
        RunMetadata gateMeta = new RunMetadata(null, "", "pr-17", RunKind.GATE, "amd64-2c-7f3a", "amd64",
                "Linux 6.1.0", 2, "25+36-LTS", "-Xmx2g");
        String gateLabel = latencyBenchmark.equals(LATENCY) ? "MallocFreeLatency" : latencyBenchmark;
        ObjectNode older = verdict("PASS", commit(19), commit(20));
        metric(older, gateLabel + " size=00064", "latency.avg.cpu", "ns/op", "PASS", forks(random, 21.0, 0.01, 8),
                forks(random, 21.05, 0.01, 8));
        metric(older, "FragmentationFootprint", "footprint.rss_over_live", "ratio", "PASS", new double[] {1.25},
                new double[] {1.25});
        rows.addAll(VerdictImporter.rows("gate-older.json", older.toString().getBytes(StandardCharsets.UTF_8),
                START.plus(Duration.ofDays(20)).plusSeconds(3 * 3600), gateMeta));
        ObjectNode newest = verdict("REGRESSION", commit(RUNS - 1), commit(RUNS));
        metric(newest, gateLabel + " size=00064", "latency.avg.cpu", "ns/op", "REGRESSION",
                forks(random, 22.2, 0.01, 8), forks(random, 23.6, 0.01, 8));
        metric(newest, "LarsonThroughput threads=2", "throughput", "ops/s", "PASS", forks(random, 5.5e6, 0.015, 8),
                forks(random, 5.52e6, 0.015, 8));
        newest.withArray("metrics").addObject().put("benchmark", "NewThing size=00016").put("metric", "*")
                .put("unit", "").put("verdict", "NEW");
        rows.addAll(VerdictImporter.rows("gate-newest.json", newest.toString().getBytes(StandardCharsets.UTF_8),
                START.plus(Duration.ofDays(RUNS)), gateMeta));
        Instant end = START.plus(Duration.ofDays(RUNS));
        for (String profile : List.of("amd64-4k", "amd64-64k", "arm64-16k")) {
            RunInfo cell = new RunInfo("matrix-" + profile, end.plusSeconds(60), commit(RUNS), "main", RunKind.MATRIX,
                    profile, profile.substring(0, 5), "Linux 6.1.0", 2, "25+36-LTS", "");
            rows.add(cell.row("stress.larson", Params.NONE, "stress.violations", "count", 0, Double.NaN, List.of(),
                    "jmalloc"));
        }
        return new HistorySnapshot(rows, problems);
    }

    /** A gate verdict file's top level (schema of guardrails/README.md) without metrics. */
    private static ObjectNode verdict(String outcome, String baseline, String candidate) {
        ObjectNode v = JSON.createObjectNode();
        v.put("schema", VerdictImporter.SCHEMA).put("outcome", outcome).put("baseline", baseline + " (merge-base with"
                + " main)").put("candidate", candidate).putArray("metrics");
        return v;
    }

    /** A guarded metric of a verdict: both sides' medians and samples, the ratio of the medians. */
    private static void metric(ObjectNode verdict, String benchmark, String metric, String unit, String judgement,
                               double[] baseline, double[] candidate) {
        ObjectNode m = verdict.withArray("metrics").addObject();
        m.put("benchmark", benchmark).put("metric", metric).put("unit", unit).put("verdict", judgement);
        side(m.putObject("baseline"), baseline);
        side(m.putObject("candidate"), candidate);
        m.put("ratio", median(candidate) / median(baseline));
    }

    private static void side(ObjectNode side, double[] samples) {
        side.put("forks", samples.length).put("median", median(samples));
        ArrayNode array = side.putArray("samples");
        for (double s : samples) {
            array.add(s);
        }
    }

    private static double median(double[] samples) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** {@code n} fork means around {@code level} with relative noise {@code cv}, rounded to 4 significant digits. */
    private static double[] forks(RandomGenerator random, double level, double cv, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = new BigDecimal(level * (1 + cv * random.nextGaussian())).round(new MathContext(4)).doubleValue();
        }
        return out;
    }

    static List<String> implementations() {
        List<String> all = new ArrayList<>(List.of("jmalloc"));
        all.addAll(ANCHORS);
        return all;
    }

    /** A stable 40-bit commit id per run. */
    static String commit(int run) {
        long x = (run + 1) * 0x9E3779B97F4A7C15L;
        return HexFormat.of().toHexDigits(x).substring(0, 10);
    }
}
