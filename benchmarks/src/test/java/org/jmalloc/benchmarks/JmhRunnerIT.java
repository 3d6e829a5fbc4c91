package org.jmalloc.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jmalloc.lab.core.jmh.JmhResult;
import org.jmalloc.lab.core.metric.MetricCatalog;
import org.jmalloc.lab.core.run.JmhOutcome;
import org.jmalloc.lab.core.run.JmhRequest;
import org.jmalloc.lab.core.run.JmhRunner;
import org.jmalloc.lab.core.run.RunFiles;
import org.junit.jupiter.api.Test;

/**
 * lab-core's {@link JmhRunner} on the packaged benchmarks jar (run by failsafe after {@code package}): a short run comes
 * back parsed with its fork data, a fork that cannot start is a failure that says why, and perf profiles either work
 * or fail with the reason. Each run waits up to 10 minutes for JMH's machine-wide lock.
 */
class JmhRunnerIT {

    private static final List<String> ONE_SHORT_FORK = List.of("MallocFreeLatencyBenchmark", "-f", "1", "-wi", "1",
            "-w", "100ms", "-i", "2", "-r", "100ms", "-p", "impl=jmalloc", "-p", "size=00064");

    private final List<String> console = new ArrayList<>();
    private final JmhRunner runner = JmhRunner.withCurrentJava(console::add);

    private JmhOutcome run(String name, List<String> extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(ONE_SHORT_FORK);
        args.addAll(extra);
        Path dir = jar().resolveSibling("runner-it");
        return runner.run(JmhRequest.of(jar(), args, new RunFiles(dir, name)).withLockWait(Duration.ofMinutes(10)));
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("benchmarks.jar", "target/benchmarks.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run mvn package first");
        return jar;
    }

    @Test
    void aShortRunComesBackParsedWithItsForkData() throws IOException, InterruptedException {
        JmhOutcome outcome = run("short", List.of("-prof", "gc"));

        assertTrue(outcome.complete(), () -> outcome.summary().orElse("") + "; see " + outcome.files().log());
        assertEquals(1, outcome.results().size());
        JmhResult result = outcome.results().getFirst();
        assertEquals(MetricCatalog.LATENCY_AVG, result.primaryMetric().name());
        assertEquals(1, result.forks());
        assertEquals(1, result.primary().forkMeans().length);
        assertEquals(2, result.primary().rawData().getFirst().size(), "two measured iterations");
        assertTrue(result.measurement(MetricCatalog.GC_ALLOC_RATE_NORM).isPresent(), result.secondary().toString());
        assertTrue(console.contains("# Parameters: (impl = jmalloc, size = 00064)"), console.toString());
    }

    @Test
    void aForkThatCannotStartIsAFailureThatSaysWhy() throws IOException, InterruptedException {
        JmhOutcome outcome = run("dead-fork", List.of("-jvmArgsAppend", "-XX:+NoSuchOptionForTheTest"));

        assertEquals(List.of(), outcome.results());
        assertEquals(1, outcome.failures().size());
        assertEquals("forked VM failed with exit code 1: Unrecognized VM option 'NoSuchOptionForTheTest'",
                outcome.failures().getFirst().reason());
        assertTrue(outcome.summary().orElseThrow().startsWith("1 run produced no result; org.jmalloc.benchmarks"
                + ".latency.MallocFreeLatencyBenchmark.mallocFree {"), outcome.summary().orElseThrow());
    }

    @Test
    void perfProfilesWorkOrSayWhyNot() throws IOException, InterruptedException {
        JmhOutcome outcome = run("perfnorm", List.of("-prof", "perfnorm"));

        if (outcome.problem().isPresent()) {
            String problem = outcome.problem().get();
            assertTrue(problem.startsWith("perf: no supported events \u2014 this machine has no hardware counters")
                    || problem.startsWith("perf is not installed"), problem);
            assertEquals(List.of(), outcome.results());
        } else {
            JmhResult result = outcome.results().getFirst();
            assertTrue(result.measurement(MetricCatalog.PERF_INSTRUCTIONS).isPresent(), result.secondary().toString());
        }
    }
}
