package org.jmalloc.lab.gate;

import java.util.List;
import org.jmalloc.guardrails.verdict.Observation;

/**
 * The fast-path observations the gate's view tests share: a 64 B row whose CPU time regressed by about 13 %, a 1 KiB
 * row that did not change, and the 64 B row's heap bytes per operation.
 */
final class GateObservations {

    static final String MALLOC = "org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree";

    private GateObservations() {
    }

    static List<Observation> fastPath() {
        return List.of(
                new Observation("MallocFreeLatency size=00064", MALLOC, "latency.min.cpu", "ns/op",
                        new double[] {10.0, 10.1, 9.9, 10.05, 10.02, 9.98, 10.0, 10.1},
                        new double[] {11.3, 11.4, 11.2, 11.35, 11.31, 11.27, 11.3, 11.42}),
                new Observation("MallocFreeLatency size=01024", MALLOC, "latency.min.cpu", "ns/op",
                        new double[] {10.0, 10.2, 9.8, 10.1, 10.0, 9.9, 10.05, 10.0},
                        new double[] {10.1, 9.9, 10.0, 10.2, 9.95, 10.0, 10.1, 9.85}),
                new Observation("MallocFreeLatency size=00064", MALLOC, "gc.alloc.rate.norm", "B/op",
                        new double[] {0.003, 0.003, 0.003}, new double[] {0.003, 0.003, 0.003}));
    }
}
