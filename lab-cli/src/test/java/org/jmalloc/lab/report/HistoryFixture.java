package org.jmalloc.lab.report;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jmalloc.results.model.Params;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.RunInfo;
import org.jmalloc.results.model.RunKind;
import org.jmalloc.results.store.csv.CsvHistoryStore;

/**
 * A small CSV history for the command tests: 30 nightly runs of one benchmark, jmalloc and jemalloc, with
 * jmalloc 10 % slower from run 20 on. Values follow a fixed pattern (no randomness), so outputs are exact.
 * {@link #writeWithEveryDirection} adds a throughput that rises (better) and a metric that lab-core's catalog does
 * not know (as an Otava import brings), each with one change.
 */
final class HistoryFixture {

    static final String BENCHMARK = "org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree";
    static final String THROUGHPUT = "org.jmalloc.benchmarks.throughput.LarsonThroughputBenchmark.larson";
    static final String IMPORTED = "otava.service";

    private HistoryFixture() {
    }

    static Path write(Path dir) {
        return write(dir, false);
    }

    /** The history of {@link #write}, plus a throughput that rises from run 10 and an unknown metric that falls. */
    static Path writeWithEveryDirection(Path dir) {
        return write(dir, true);
    }

    private static Path write(Path dir, boolean everyDirection) {
        List<ResultRow> rows = new ArrayList<>();
        Instant start = Instant.parse("2025-05-01T02:00:00Z");
        double[] wiggle = {0.0, 0.3, -0.2, 0.1, -0.3, 0.2};
        for (int run = 0; run < 30; run++) {
            String commit = String.format("%07x", 0xabc000 + run * 7);
            RunInfo info = new RunInfo("run-" + run, start.plus(Duration.ofDays(run)), commit, "main",
                    RunKind.NIGHTLY, "amd64-2c", "amd64", "Linux 6.1.0", 2, "25+36-LTS", "");
            double jm = (run >= 20 ? 22.0 : 20.0) + wiggle[run % wiggle.length];
            rows.add(info.row(BENCHMARK, Params.of(Map.of("size", "00064")), "latency.avg", "ns/op", jm, 0.2,
                    List.of(jm - 0.1, jm + 0.1), "jmalloc"));
            double je = 19.0 + wiggle[(run + 3) % wiggle.length];
            rows.add(info.row(BENCHMARK, Params.of(Map.of("size", "00064")), "latency.avg", "ns/op", je, 0.2,
                    List.of(), "jemalloc"));
            if (everyDirection) {
                double ops = (run >= 10 ? 1.1e6 : 1.0e6) * (1 + wiggle[(run + 1) % wiggle.length] / 100);
                rows.add(info.row(THROUGHPUT, Params.of(Map.of("threads", "2")), "throughput", "ops/s", ops,
                        Double.NaN, List.of(), "jmalloc"));
                double p95 = (run >= 5 ? 80.0 : 100.0) + wiggle[(run + 2) % wiggle.length];
                rows.add(info.row(IMPORTED, Params.NONE, "response_time.p95", "ms", p95, Double.NaN, List.of(),
                        "jmalloc"));
            }
        }
        try (CsvHistoryStore store = new CsvHistoryStore(dir)) {
            store.append(rows);
        }
        return dir;
    }
}
