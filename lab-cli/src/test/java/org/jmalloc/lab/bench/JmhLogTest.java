package org.jmalloc.lab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JmhLogTest {

    @Test
    void findsFailedSetupsAndDeadForksWithTheirParameters() {
        List<RunFailure> failures = JmhLog.failures(Golden.text("golden-jmh.log").lines().toList());
        String latency = "org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree";
        String sampled = "org.jmalloc.benchmarks.latency.MallocFreeSampledLatencyBenchmark.mallocFree";
        String missing = "mimalloc not installed: apt-get install libmimalloc2.0 (Cannot open library: libmimalloc.so.2)";
        assertEquals(List.of(
                new RunFailure(latency, Map.of("impl", "mimalloc", "size", "00064"), missing),
                new RunFailure(latency, Map.of("impl", "netty-adaptive", "size", "00064"),
                        "forked VM failed with exit code 134"),
                new RunFailure(sampled, Map.of("impl", "mimalloc", "size", "01024"), missing)), failures);
    }

    @Test
    void keepsOnlyTheFirstFailureOfARun() {
        List<String> log = List.of(
                "# Benchmark: a.B.c", "# Parameters: (impl = x)", "# Fork: 1 of 2", "Iteration   1: <failure>", "",
                "java.lang.IllegalStateException: first", "# Fork: 2 of 2", "Iteration   1: <failure>", "",
                "java.lang.OutOfMemoryError: second");
        assertEquals(List.of(new RunFailure("a.B.c", Map.of("impl", "x"), "first")), JmhLog.failures(log));
    }

    @Test
    void anExceptionWithoutMessageIsReportedByItsName() {
        List<String> log = List.of("# Benchmark: a.B.c", "# Parameters: (impl = x)", "<failure>", "",
                "java.lang.NullPointerException");
        assertEquals("java.lang.NullPointerException", JmhLog.failures(log).getFirst().reason());
    }

    @Test
    void aSuccessfulLogHasNoFailures() {
        assertEquals(List.of(), JmhLog.failures(List.of("# Benchmark: a.B.c", "# Parameters: (impl = x)",
                "Iteration   1: 8.250 ns/op")));
    }
}
