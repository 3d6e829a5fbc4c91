package org.jmalloc.results.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jmalloc.results.model.Params;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.RunInfo;
import org.jmalloc.results.model.RunKind;

/** Rows for store tests, including the awkward values a store must keep exactly. */
public final class SampleRows {

    private SampleRows() {
    }

    /** A run with a given id and time on hardware profile {@code hw-test}. */
    public static RunInfo run(String id, String instant) {
        return new RunInfo(id, Instant.parse(instant), "0123abcd", "main", RunKind.NIGHTLY, "hw-test", "amd64",
                "Linux 6.1", 2, "25+36", "-Xmx1g --enable-native-access=ALL-UNNAMED");
    }

    /** Three rows of a run: a latency with fork samples, a gc metric, and an anchor's row. */
    public static List<ResultRow> rows(RunInfo run, double base) {
        return List.of(
                run.row("org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree",
                        Params.parse("size=00064"), "latency.avg", "ns/op", base, base / 100,
                        List.of(base * 0.99, base * 1.01), "jmalloc"),
                run.row("org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree",
                        Params.parse("size=00064"), "gc.alloc.rate.norm", "B/op", 0.0, Double.NaN, List.of(),
                        "jmalloc"),
                run.row("org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree",
                        Params.parse("size=00064"), "latency.avg", "ns/op", base * 1.2, base / 50,
                        List.of(base * 1.19, base * 1.21), "jemalloc"));
    }

    /** Rows whose text a naive CSV writer would break: separators, quotes, non-ASCII, edge numbers. */
    public static List<ResultRow> awkward(RunInfo run) {
        List<ResultRow> rows = new ArrayList<>();
        rows.add(run.row("bench,with \"quotes\", commas", Params.parse("a\\,b=x\\=y,name=  spaced  "),
                "footprint.rss_over_live", "ratio", 1.0E-300, Double.POSITIVE_INFINITY,
                List.of(Double.NaN, -0.0, Double.MIN_VALUE), "jmalloc"));
        rows.add(run.row("#starts-with-hash", Params.NONE, "stress.violations", "count", 0, 0, List.of(),
                "jmalloc"));
        rows.add(run.row("ünïcödé.Benchmark.çase", Params.parse("ı=İ"), "latency.p99.9", "µs/op",
                Double.NaN, Double.NaN, List.of(1.5e10, 123456.789), "glibc"));
        return rows;
    }
}
