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

    @Test
    void refusesAFileThatIsNotJmhJson(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("x.json");
        Files.writeString(bad, "{\"not\": \"jmh\"}");
        assertThrows(IOException.class, () -> JmhJson.read(bad));
    }
}
