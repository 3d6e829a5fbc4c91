package org.jmalloc.lab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JmhLogTest {

    @Test
    void findsFailedSetupsAndDeadForksWithTheirParameters() {
        List<RunFailure> failures = JmhLog.failures(Logs.lines("failures-hand-written.log"));
        String latency = "org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree";
        String sampled = "org.jmalloc.benchmarks.latency.MallocFreeSampledLatencyBenchmark.mallocFree";
        String missing = "mimalloc not installed: apt-get install libmimalloc2.0 (Cannot open library: libmimalloc.so.2)";
        assertEquals(List.of(
                new RunFailure(latency, Map.of("impl", "mimalloc", "size", "00064"), missing),
                new RunFailure(latency, Map.of("impl", "netty-adaptive", "size", "00064"),
                        "forked VM failed with exit code 134: killed by signal 6 (SIGABRT)"),
                new RunFailure(sampled, Map.of("impl", "mimalloc", "size", "01024"), missing)), failures);
    }

    @Test
    void aDeadForkSaysWhatTheForkPrintedOnStderr() {
        assertEquals(List.of(new RunFailure("org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree",
                Map.of("impl", "jmalloc", "size", "00064"),
                "forked VM failed with exit code 1: Unrecognized VM option 'NoSuchOptionZZ'")),
                JmhLog.failures(Logs.lines("jmh-deadfork.log")));
    }

    @Test
    void aCrashedForkNamesItsSignalAndCrashReport() {
        List<String> log = List.of("# Benchmark: a.B.c", "# Parameters: (impl = jmalloc)", "# Fork: 1 of 1",
                "# A fatal error has been detected by the Java Runtime Environment:",
                "#  SIGSEGV (0xb) at pc=0x00007f, pid=4242, tid=4243",
                "# An error report file with more information is saved as:", "# /tmp/x/hs_err_pid4242.log",
                "<forked VM failed with exit code 139>", "<stdout last='20 lines'>", "</stdout>",
                "<stderr last='20 lines'>", "</stderr>");
        // The crash report line comes before JMH's note: the JVM prints it while dying.
        assertEquals("forked VM failed with exit code 139: killed by signal 11 (SIGSEGV)",
                JmhLog.failures(log).getFirst().reason());
        List<String> after = List.of("# Benchmark: a.B.c", "<forked VM failed with exit code 134>",
                "<stdout last='20 lines'>", "# An error report file with more information is saved as:",
                "# /tmp/x/hs_err_pid77.log", "</stdout>");
        assertEquals("forked VM failed with exit code 134: killed by signal 6 (SIGABRT); crash report"
                + " hs_err_pid77.log", JmhLog.failures(after).getFirst().reason());
    }

    @Test
    void progressLinesAreTheRunsTheirProgressAndFailures() {
        List<String> shown = Logs.lines("jmh-deadfork.log").stream().filter(JmhLog::isProgress).toList();
        assertEquals(List.of("# Benchmark: org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree",
                "# Parameters: (impl = jmalloc, size = 00064)", "# Run progress: 0.00% complete, ETA 00:00:00",
                "Error: Could not create the Java Virtual Machine.",
                "Error: A fatal exception has occurred. Program will exit.", "<forked VM failed with exit code 1>",
                "Error: Could not create the Java Virtual Machine.",
                "Error: A fatal exception has occurred. Program will exit."), shown);
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
