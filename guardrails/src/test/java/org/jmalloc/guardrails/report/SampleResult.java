package org.jmalloc.guardrails.report;

import java.util.ArrayList;
import java.util.List;
import org.jmalloc.guardrails.config.Thresholds;
import org.jmalloc.guardrails.verdict.Evaluator;
import org.jmalloc.guardrails.verdict.GateResult;
import org.jmalloc.guardrails.verdict.MetricVerdict;
import org.jmalloc.guardrails.verdict.Observation;
import org.jmalloc.guardrails.verdict.Verdict;

/** One gate result with every kind of verdict, made by the real evaluator from fixed samples: the golden files' input. */
final class SampleResult {

    private static final String MALLOC = "org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree";
    private static final String BATCH = "org.jmalloc.benchmarks.latency.BatchAllocFreeLatencyBenchmark.allocateThenFreeShuffled";

    private SampleResult() {
    }

    static GateResult create() {
        List<Observation> o = List.of(
                new Observation("MallocFreeLatency size=00064", MALLOC, "latency.min.cpu", "ns/op",
                        new double[] {12.0, 12.1, 11.9, 12.05, 12.02, 11.98, 12.0, 12.1},
                        new double[] {13.3, 13.4, 13.2, 13.35, 13.31, 13.27, 13.3, 13.42}),
                new Observation("MallocFreeLatency size=01024", MALLOC, "latency.min.cpu", "ns/op",
                        new double[] {12.0, 12.2, 11.8, 12.1, 12.0, 11.9, 12.05, 12.0},
                        new double[] {12.1, 11.9, 12.0, 12.2, 11.95, 12.0, 12.1, 11.85}),
                new Observation("BatchAllocFreeLatency", BATCH, "latency.min.cpu", "ns/op",
                        new double[] {21.2, 22.5, 20.9, 21.8, 23.9, 21.0, 21.4, 22.0},
                        new double[] {22.6, 21.3, 23.8, 22.9, 21.7, 23.1, 22.2, 24.0}),
                new Observation("BatchAllocFreeLatency", BATCH, "gc.alloc.rate.norm", "B/op",
                        new double[] {0.005, 0.005, 0.005, 0.005, 0.005, 0.005, 0.005, 0.005},
                        new double[] {0.005, 0.005, 0.005, 0.005, 0.005, 0.005, 0.005, 0.005}),
                new Observation("BatchAllocFreeLatency", BATCH, "work.malloc_slow", "1/op",
                        new double[] {0.0625, 0.0625, 0.0625, 0.0625, 0.0625, 0.0625, 0.0625, 0.0625},
                        new double[] {0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05}),
                new Observation("FragmentationFootprint", "org.jmalloc.benchmarks.footprint.FragmentationFootprintBenchmark.run",
                        "footprint.rss_over_live", "ratio", new double[] {1.25, 1.25, 1.25}, new double[] {1.31, 1.31, 1.31}));
        List<MetricVerdict> verdicts = new ArrayList<>(new Evaluator(Thresholds.builtIn(), 1000, 42).evaluate(o));
        verdicts.add(Evaluator.notCompared("ReallocGrowthLatency", Verdict.CHANGED,
                "benchmark code differs between the revisions (content hash 1a2b3c4d -> 5e6f7a8b)"));
        return new GateResult("3f2a1c0 (merge-base with main)", "9b8e7d6", "quick",
                "the candidate's benchmarks jar against both allocator builds", 42, verdicts,
                List.of("perf counters: not measured, this host has no hardware counters (perf stat -e instructions:"
                        + " <not supported>)"), 612);
    }
}
