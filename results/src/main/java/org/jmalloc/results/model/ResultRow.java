package org.jmalloc.results.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One row of the history: one figure of one run, for one (benchmark, params, metric, implementation).
 *
 * <p>The components are the stored columns, in the stored order. Run-level columns repeat on every row of a run
 * ({@link #run()} gives them back as one value). The row's identity in the history is {@link #key()}: a store holds
 * at most one row per key, so importing a run twice adds nothing.
 *
 * @param benchmark the full benchmark name, e.g. {@code org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree},
 *     or a stress workload, e.g. {@code stress.larson}
 * @param params the parameters other than the implementation, canonical
 * @param metric dotted lowercase name of a stable concept, e.g. {@code latency.avg}, {@code gc.alloc.rate.norm}
 *     (lab-core's metric names); the unit is kept apart
 * @param unit e.g. {@code ns/op}, {@code ops/s}, {@code B/op}, {@code count}
 * @param value the figure (NaN when the tool reported none)
 * @param error half-width of the tool's confidence interval (JMH: 99.9 %), NaN when unknown
 * @param samples fork-level samples (one value per fork, e.g. JMH's per-fork means), empty when there are none
 * @param implementation {@code jmalloc} or the anchor measured, e.g. {@code jemalloc}, {@code glibc}
 * @see RunInfo for the run-level components
 */
public record ResultRow(String runId, Instant timestamp, String commit, String branch, RunKind kind,
        String hardwareProfile, String arch, String os, int cpus, String jdk, String jvmFlags, String benchmark,
        Params params, String metric, String unit, double value, double error, List<Double> samples,
        String implementation) {

    public ResultRow {
        RunInfo run = new RunInfo(runId, timestamp, commit, branch, kind, hardwareProfile, arch, os, cpus, jdk,
                jvmFlags);
        timestamp = run.timestamp();
        benchmark = Checks.name(benchmark, "benchmark");
        Objects.requireNonNull(params, "params");
        metric = Checks.name(metric, "metric");
        unit = Checks.text(unit, "unit");
        samples = List.copyOf(samples);
        implementation = Checks.name(implementation, "implementation");
    }

    /** The run-level columns. */
    public RunInfo run() {
        return new RunInfo(runId, timestamp, commit, branch, kind, hardwareProfile, arch, os, cpus, jdk, jvmFlags);
    }

    /** The row's identity: run id and what was measured. */
    public RowKey key() {
        return new RowKey(runId, benchmark, params, metric, implementation);
    }

    /** The series this row is a point of. */
    public SeriesKey seriesKey() {
        return new SeriesKey(benchmark, params, metric, implementation, hardwareProfile);
    }

    /** This row as a point of its series. */
    public Point point() {
        return new Point(runId, commit, timestamp, value, error, samples);
    }
}
