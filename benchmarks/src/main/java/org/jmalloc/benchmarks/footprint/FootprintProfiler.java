package org.jmalloc.benchmarks.footprint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Carries the figures a footprint benchmark measured into JMH's results as secondary metrics with dotted names
 * ({@code footprint.rss_over_live}, {@code stats.metadata_ratio}, ...): JMH's {@code @AuxCounters} would name them
 * after Java fields, which cannot hold a dot.
 *
 * <p>Run with {@code -prof org.jmalloc.benchmarks.footprint.FootprintProfiler} ({@code lab bench} adds it). The
 * benchmark calls {@link #record} during its iteration; {@link #afterIteration} hands the figures to JMH, which averages
 * each over the forks ({@link AggregationPolicy#AVG}) and reports the spread. A benchmark run without this profiler
 * fails ({@link FootprintHarness#report}), since its figures would otherwise be lost without a word.
 */
public final class FootprintProfiler implements InternalProfiler {

    private static final ConcurrentLinkedQueue<ScalarResult> FIGURES = new ConcurrentLinkedQueue<>();
    private static volatile boolean attached;

    /** Records one figure of the running iteration. */
    static void record(String metric, double value, String unit) {
        FIGURES.add(new ScalarResult(metric, value, unit, AggregationPolicy.AVG));
    }

    /** Whether this profiler runs in this JVM (its {@link #beforeIteration} has been called). */
    static boolean attached() {
        return attached;
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        attached = true;
        FIGURES.clear();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        List<Result> figures = new ArrayList<>();
        double jit = FootprintHarness.compileMillisSinceBaseline();
        if (!Double.isNaN(jit)) {
            figures.add(new ScalarResult("footprint.jit_ms", jit, "ms", AggregationPolicy.AVG));
        }
        for (ScalarResult r = FIGURES.poll(); r != null; r = FIGURES.poll()) {
            figures.add(r);
        }
        return figures;
    }

    @Override
    public String getDescription() {
        return "footprint figures measured by the footprint benchmarks (footprint.*, stats.*)";
    }
}
