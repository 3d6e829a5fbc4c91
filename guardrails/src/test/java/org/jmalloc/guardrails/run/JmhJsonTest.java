package org.jmalloc.guardrails.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads a real one-fork JMH run of the quick gate's latency benchmarks (recorded on the 2-core machine). */
class JmhJsonTest {

    @Test
    void readsOneValuePerForkUnderTheCatalogsNames() throws Exception {
        Path json = Path.of(JmhJsonTest.class.getResource("/org/jmalloc/guardrails/jmh-one-fork.json").toURI());
        List<Measurement> m = JmhJson.read(json);
        List<String> keys = m.stream().map(x -> x.benchmark() + " " + x.metric())
                .filter(k -> !k.endsWith(" gc.alloc.rate") && !k.endsWith(" gc.count")).toList();
        assertEquals(List.of(
                "BatchAllocFreeLatency latency.avg", "BatchAllocFreeLatency gc.alloc.rate.norm",
                "MallocFreeLatency size=00064 latency.avg", "MallocFreeLatency size=00064 gc.alloc.rate.norm",
                "MallocFreeLatency size=01024 latency.avg", "MallocFreeLatency size=01024 gc.alloc.rate.norm",
                "SteadyStateReplaceLatency latency.avg", "SteadyStateReplaceLatency gc.alloc.rate.norm",
                "MallocFreeSampledLatency size=00064 latency.p99",
                "MallocFreeSampledLatency size=00064 gc.alloc.rate.norm",
                "MallocFreeSampledLatency size=01024 latency.p99",
                "MallocFreeSampledLatency size=01024 gc.alloc.rate.norm"), keys);
        assertEquals(24, m.size(), "gc.alloc.rate and gc.count come along (no rule guards them)");
        Measurement first = m.getFirst();
        assertEquals("ns/op", first.unit());
        assertEquals(133.74951800763182, first.value(), 1e-9, "a one-fork run's fork mean is JMH's score");
        assertEquals("org.jmalloc.benchmarks.latency.BatchAllocFreeLatencyBenchmark.allocateThenFreeShuffled",
                first.jmhName());
    }

    /**
     * A real round of the gate's fast-path benchmarks with its profilers (CPU time, work counts): each average-time
     * fork also gives its least CPU time per operation over its iterations, the sampled benchmarks do not (their
     * guarded figure is the p99), and the work counts come through under their own names.
     */
    @Test
    void leastCpuTimeIsEachForksFastestIteration() throws Exception {
        Path json = Path.of(JmhJsonTest.class.getResource("/org/jmalloc/guardrails/jmh-gate-fast-path.json").toURI());
        List<Measurement> m = JmhJson.read(json);
        List<Measurement> least = m.stream().filter(x -> x.metric().equals(JmhJson.LEAST_CPU)).toList();
        assertEquals(List.of("MallocFreeLatency size=00064", "MallocFreeLatency size=01024"),
                least.stream().map(Measurement::benchmark).toList());
        // the first fork's iterations: 10.40, 16.26, 17.27, 16.23, 17.24 ns/op
        assertEquals(10.403174219927232, least.getFirst().value(), 1e-12);
        assertEquals("ns/op", least.getFirst().unit());
        double mean = m.stream().filter(x -> x.benchmark().equals("MallocFreeLatency size=00064")
                && x.metric().equals("latency.avg.cpu")).findFirst().orElseThrow().value();
        assertEquals((10.403174219927232 + 16.258736131173247 + 17.26672849604734 + 16.227280058416426
                + 17.24010498800692) / 5, mean, 1e-9);
        assertEquals(8, m.stream().filter(x -> x.benchmark().equals("MallocFreeLatency size=00064")
                && x.metric().startsWith("work.")).count(), "every work count");
    }

    @Test
    void refusesAFileThatIsNotJmhJson(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("x.json");
        Files.writeString(bad, "{\"not\": \"jmh\"}");
        assertThrows(IOException.class, () -> JmhJson.read(bad));
    }
}
