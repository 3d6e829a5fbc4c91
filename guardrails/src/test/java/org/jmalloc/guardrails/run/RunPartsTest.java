package org.jmalloc.guardrails.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunPartsTest {

    @Test
    void linkCheckFindsLinkageErrorsAndTheAllocatorsJar() {
        List<String> out = List.of("# Benchmark: x", "<failure>", "java.lang.NoSuchMethodError: 'org.jmalloc.allocator"
                + ".Stats$Work org.jmalloc.allocator.Stats.work()'", "\tat x.y(Z.java:1)");
        assertEquals("java.lang.NoSuchMethodError: 'org.jmalloc.allocator.Stats$Work org.jmalloc.allocator.Stats"
                + ".work()'", LinkCheck.linkageError(out).orElseThrow());
        assertTrue(LinkCheck.linkageError(List.of("java.lang.IllegalStateException: boom")).isEmpty());
        List<String> log = List.of("[0.101s][info][class,load] org.jmalloc.allocator.Allocator source:"
                + " file:/tmp/base/jmalloc-allocator-0.1.0-SNAPSHOT.jar");
        assertEquals("/tmp/base/jmalloc-allocator-0.1.0-SNAPSHOT.jar", LinkCheck.allocatorSource(log).orElseThrow());
        assertTrue(LinkCheck.allocatorSource(List.of("[info][class,load] java.lang.Object source: jrt:/java.base"))
                .isEmpty());
    }

    @Test
    void jmhOptionsRunOneForkWithTheSettingsAndJvmArgs() {
        GateSettings s = GatePresets.quick(List.of("gc"));
        List<String> o = s.jmhOptions("X", "/tmp/r.json");
        assertEquals(List.of("X", "-f", "1", "-wi", "3", "-w", "100ms", "-i", "5", "-r", "100ms", "-foe", "true",
                "-p", "impl=jmalloc", "-p", "size=00064,01024", "-prof", "gc", "-jvmArgsAppend",
                "--enable-native-access=ALL-UNNAMED -Xms1g -Xmx1g -XX:+UseSerialGC", "-rf", "json", "-rff",
                "/tmp/r.json"), o);
        assertTrue("org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree".matches(s.include()));
        assertTrue("org.jmalloc.benchmarks.footprint.FreeEverythingFootprintBenchmark.freeThenPurge"
                .matches(s.include()));
        assertFalse("org.jmalloc.benchmarks.footprint.FreeEverythingFootprintBenchmark.freeThenWait"
                .matches(s.include()));
        assertFalse("org.jmalloc.benchmarks.throughput.LarsonServerThroughputBenchmark.run".matches(s.include()));
    }

    @Test
    void samplesPairTheSidesAndListCandidateOnlyBenchmarks() {
        Samples samples = new Samples();
        samples.add("baseline", List.of(new Measurement("A", "a.A.x", "latency.avg", "ns/op", 10)));
        samples.add("candidate", List.of(new Measurement("A", "a.A.x", "latency.avg", "ns/op", 11),
                new Measurement("B", "a.B.x", "latency.avg", "ns/op", 5)));
        samples.add("baseline", List.of(new Measurement("A", "a.A.x", "latency.avg", "ns/op", 10.5)));
        assertEquals(1, samples.observations().size());
        assertEquals(2, samples.observations().getFirst().baseline().length);
        assertEquals(List.of("B"), samples.candidateOnly());
    }

    @Test
    void benchmarkCodeHashesSeeAChangeInTheBenchmarkOrTheSharedHarness(@TempDir Path dir) throws Exception {
        Path a = tree(dir.resolve("a"), "class Harness {}");
        Path b = tree(dir.resolve("b"), "class Harness {}");
        assertEquals(BenchmarkCode.hashes(a), BenchmarkCode.hashes(b));
        Files.writeString(b.resolve("benchmarks/src/main/java/org/jmalloc/benchmarks/latency/XBenchmark.java"),
                "class XBenchmark { int changed; }");
        BenchmarkCode.Comparison c = BenchmarkCode.compare(a, b);
        assertEquals(List.of("latency.XBenchmark"), c.changed());
        assertEquals(List.of("latency.YBenchmark"), c.unchanged());
        Files.writeString(b.resolve("benchmarks/src/main/java/org/jmalloc/benchmarks/latency/ZBenchmark.java"),
                "class ZBenchmark {}");
        assertEquals(List.of("latency.ZBenchmark"), BenchmarkCode.compare(a, b).added());
        Path h = tree(dir.resolve("h"), "class Harness { int changed; }");
        assertNotEquals(BenchmarkCode.hashes(a).get("latency.YBenchmark"),
                BenchmarkCode.hashes(h).get("latency.YBenchmark"), "a harness change changes every benchmark");
        GateSettings only = c.unchangedOnly(GatePresets.quick(List.of()).withInclude(".*"));
        assertTrue(java.util.regex.Pattern.compile(only.include())
                .matcher("org.jmalloc.benchmarks.latency.YBenchmark.run").find());
        assertFalse(java.util.regex.Pattern.compile(only.include())
                .matcher("org.jmalloc.benchmarks.latency.XBenchmark.run").find());
    }

    @Test
    void theLockExcludesTheShellsFlockWhileHeld(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bench.lock");
        StringWriter text = new StringWriter();
        try (GateLock lock = GateLock.acquire(file, new PrintWriter(text))) {
            Process p = new ProcessBuilder("flock", "-n", file.toString(), "true").start();
            assertEquals(1, p.waitFor(), "flock(1) must not get the lock the gate holds");
        }
        Process p = new ProcessBuilder("flock", "-n", file.toString(), "true").start();
        assertEquals(0, p.waitFor(), "released on close");
        assertEquals("", text.toString(), "no waiting message when the lock was free");
    }

    @Test
    void theLockWaitsForAShellHolderAndSaysSo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bench.lock");
        Process holder = new ProcessBuilder("flock", file.toString(), "sleep", "1").start();
        Thread.sleep(300);
        StringWriter text = new StringWriter();
        long start = System.nanoTime();
        try (GateLock lock = GateLock.acquire(file, new PrintWriter(text))) {
            assertTrue(System.nanoTime() - start > 300_000_000L, "waited for the holder");
        }
        holder.waitFor();
        assertTrue(text.toString().startsWith("gate: waiting for the benchmark lock " + file), text.toString());
    }

    @Test
    void displayNamesDropThePackageTheSuffixAndTheImpl() {
        assertEquals("MallocFreeLatency size=00064", JmhJson.display(
                "org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree",
                Map.of("impl", "jmalloc", "size", "00064")));
    }

    private static Path tree(Path root, String harness) throws Exception {
        Path src = root.resolve("benchmarks/src/main/java/org/jmalloc/benchmarks");
        Files.createDirectories(src.resolve("latency"));
        Files.createDirectories(src.resolve("impl"));
        Files.writeString(src.resolve("impl/Harness.java"), harness);
        Files.writeString(src.resolve("latency/XBenchmark.java"), "class XBenchmark {}");
        Files.writeString(src.resolve("latency/YBenchmark.java"), "class YBenchmark {}");
        return root;
    }
}
