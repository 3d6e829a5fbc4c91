package org.jmalloc.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jmalloc.lab.core.run.JmhOutcome;
import org.jmalloc.lab.core.run.JmhRequest;
import org.jmalloc.lab.core.run.JmhRunner;
import org.jmalloc.lab.core.run.RunFailure;
import org.jmalloc.lab.core.run.RunFiles;
import org.junit.jupiter.api.Test;

/**
 * Checks the packaged {@code target/benchmarks.jar} (run by failsafe after {@code package}): it lists every benchmark
 * class in {@code META-INF/BenchmarkList}, and one short iteration of every benchmark runs without error for the
 * smoke implementations ({@code jmalloc} and {@code glibc} by default, property {@code benchmarks.smoke.impls}), one
 * size each. With glibc the benchmark code itself must not allocate on the heap (below 1 B/op, which leaves room for
 * the profiler's own noise): that is what makes a 0 B/op figure for jmalloc's raw API attributable to jmalloc.
 */
class BenchmarksJarIT {

    private static final Pattern BENCHMARK_CLASS =
            Pattern.compile("org/jmalloc/benchmarks/(?!.*jmh_generated)[a-z]+/(\\w+Benchmark)\\.class");
    private static final Pattern LISTED_CLASS = Pattern.compile("^JMH S \\d+ (\\S+) ", Pattern.MULTILINE);

    /** Benchmark classes in the footprint package, which the smoke runs apart (one iteration per fork). */
    private static final int FOOTPRINT_CLASSES = 5;

    private static Path jar() {
        String path = System.getProperty("benchmarks.jar");
        assertNotNull(path, "system property benchmarks.jar is not set: run this test through failsafe");
        Path jar = Path.of(path);
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run mvn package first");
        return jar;
    }

    @Test
    void benchmarkListNamesEveryBenchmarkClassInTheJar() throws IOException {
        Set<String> classes = new TreeSet<>();
        String list;
        try (ZipFile zip = new ZipFile(jar().toFile())) {
            zip.stream().map(ZipEntry::getName).map(BENCHMARK_CLASS::matcher).filter(Matcher::matches)
                    .forEach(m -> classes.add(m.group(0).replace('/', '.').replace(".class", "")));
            ZipEntry entry = zip.getEntry("META-INF/BenchmarkList");
            if (entry == null) {
                fail("benchmarks.jar has no META-INF/BenchmarkList: JMH's annotation processor did not run"
                        + " (it must be in maven-compiler-plugin's annotationProcessorPaths)");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        Set<String> listed = new TreeSet<>();
        Matcher m = LISTED_CLASS.matcher(list);
        while (m.find()) {
            listed.add(m.group(1));
        }
        assertEquals(8 + FOOTPRINT_CLASSES, classes.size(), "benchmark classes in the jar: " + classes);
        assertEquals(classes, listed, "every benchmark class is in META-INF/BenchmarkList");
    }

    /**
     * Runs the benchmarks jar with {@code options} (JMH's, after the jar) through lab-core's runner, writing JMH's JSON
     * into {@code smoke/<name>.json} and its output into {@code smoke/<name>.log}, and returns the results; fails when
     * JMH fails. While another JMH run on the machine holds JMH's lock it waits (up to 10 minutes) instead of failing.
     */
    private static JsonNode runJar(String name, List<String> options) throws Exception {
        return new ObjectMapper().readTree(run(name, options).files().json().toFile());
    }

    /** {@link #runJar}'s run, whose outcome also lists the benchmarks that failed (when run without {@code -foe}). */
    private static JmhOutcome run(String name, List<String> options) throws Exception {
        Path jar = jar();
        JmhOutcome outcome = JmhRunner.withCurrentJava(line -> { })
                .run(JmhRequest.of(jar, options, new RunFiles(jar.resolveSibling("smoke"), name))
                        .withLockWait(Duration.ofMinutes(10)));
        Path log = outcome.files().log();
        assertEquals(0, outcome.exitCode(), () -> outcome.summary().orElse("JMH failed") + "; last lines of " + log
                + ":\n" + tail(log));
        return outcome;
    }

    @Test
    void everyBenchmarkRunsOneShortIterationWithoutError() throws Exception {
        String impls = System.getProperty("benchmarks.smoke.impls", "jmalloc,glibc");
        JsonNode results = runJar("smoke", List.of("org\\.jmalloc\\.benchmarks\\..*", "-e", "\\.footprint\\.",
                // Two short warmups so the measured iteration runs compiled code: interpreted method-handle and
                // var-handle calls allocate, which would hide whether the harness's compiled hot path does.
                "-f", "1", "-wi", "2", "-w", "200ms", "-i", "1", "-r", "200ms",
                "-p", "impl=" + impls, "-p", "size=00064", "-p", "sizeKiB=00256",
                "-prof", "gc", "-foe", "true"));
        Set<String> ran = new TreeSet<>();
        for (JsonNode result : results) {
            String benchmark = result.get("benchmark").asText();
            String impl = result.get("params").get("impl").asText();
            double score = result.get("primaryMetric").get("score").asDouble();
            assertTrue(score > 0 && Double.isFinite(score), benchmark + " [" + impl + "] scored " + score);
            ran.add(benchmark.substring(0, benchmark.lastIndexOf('.')) + " [" + impl + "]");
            if (impl.equals("glibc")) {
                // The harness itself must allocate nothing per operation, or jmalloc's figure could not be 0 either.
                JsonNode norm = result.get("secondaryMetrics").get("gc.alloc.rate.norm");
                assertNotNull(norm, "no gc.alloc.rate.norm for " + benchmark + ": was -prof gc dropped?");
                double bytesPerOp = norm.get("score").asDouble();
                assertTrue(bytesPerOp < 1.0, benchmark + " [glibc] allocates " + bytesPerOp
                        + " B/op on the heap: the benchmark harness allocates on its hot path");
            }
        }
        int classes = 8;
        assertEquals(classes * impls.split(",").length, ran.size(), "one result per benchmark and impl: " + ran);
    }

    /**
     * Every footprint benchmark at a hundredth of its size ({@code jmalloc.footprint.divisor=100}), as {@code lab bench}
     * runs them (no warmup, one iteration, the footprint profiler): each must run and report its figures as dotted
     * secondary metrics. The figures at this scale are not checked; the benchmarks themselves are measured by
     * {@code lab bench --include footprint}. The one case allowed to fail is the fragmentation benchmark's
     * {@code defrag=true} on an implementation without the defragmentation hint, and it must say why.
     */
    @Test
    void everyFootprintBenchmarkRunsAtASmallScaleAndReportsItsFigures() throws Exception {
        String impls = System.getProperty("benchmarks.smoke.impls", "jmalloc,glibc");
        JmhOutcome outcome = run("footprint", List.of("\\.footprint\\.",
                "-f", "1", "-wi", "0", "-i", "1", "-jvmArgsAppend", "-Djmalloc.footprint.divisor=100",
                "-p", "impl=" + impls, "-p", "size=00256",
                "-prof", "org.jmalloc.benchmarks.footprint.FootprintProfiler"));
        for (RunFailure f : outcome.failures()) {
            String impl = f.params().get("impl");
            boolean skip = f.benchmark().endsWith("FragmentationFootprintBenchmark.fragment")
                    && "true".equals(f.params().get("defrag")) && !impl.startsWith("jmalloc");
            assertTrue(skip, "failed: " + f);
            assertTrue(f.reason().contains(impl + " has no defragmentation hint (shouldMove)"), "reason: " + f);
        }
        JsonNode results = new ObjectMapper().readTree(outcome.files().json().toFile());
        Set<String> ran = new TreeSet<>();
        Set<String> defragmented = new TreeSet<>();
        for (JsonNode result : results) {
            String benchmark = result.get("benchmark").asText();
            String impl = result.get("params").get("impl").asText();
            ran.add(benchmark.substring(0, benchmark.lastIndexOf('.')) + " [" + impl + "]");
            List<String> figures = new ArrayList<>();
            result.get("secondaryMetrics").fieldNames().forEachRemaining(name -> {
                if (name.startsWith("footprint.") || name.startsWith("stats.")) {
                    figures.add(name);
                }
            });
            assertTrue(figures.stream().anyMatch(n -> n.startsWith("footprint.")),
                    benchmark + " [" + impl + "] reported no footprint figure: " + figures);
            if (result.get("params").path("defrag").asText().equals("true")) {
                assertTrue(figures.contains("footprint.defrag_moved_share"), benchmark + " [" + impl + "] defrag=true"
                        + " ran without the defragmentation loop's figure: " + figures);
                defragmented.add(impl);
            }
        }
        for (String impl : impls.split(",")) {
            assertEquals(impl.startsWith("jmalloc"), defragmented.contains(impl),
                    impl + ": the defrag=true case runs for jmalloc and for it only");
        }
        assertEquals(FOOTPRINT_CLASSES * impls.split(",").length, ran.size(), "one result per benchmark and impl: "
                + ran);
    }

    /**
     * The work-count profiler as the gate runs it: jmalloc's rows carry every {@code work.*} count per operation, the
     * other implementations' rows none. The counts are the allocator's own: a warm single-block malloc+free loop never
     * leaves the thread cache (0 slow paths, fills or locks per operation), while the batch benchmark's 1,024 live
     * blocks overflow the cache, so its fills and flushes are positive and each takes a lock.
     */
    @Test
    void workCountersReportJmallocsOwnWorkPerOperation() throws Exception {
        JsonNode results = runJar("work", List.of("(MallocFreeLatency|BatchAllocFreeLatency)Benchmark",
                "-f", "1", "-wi", "2", "-w", "200ms", "-i", "1", "-r", "200ms",
                "-p", "impl=jmalloc,glibc", "-p", "size=00064",
                "-prof", "org.jmalloc.benchmarks.profile.WorkCountersProfiler", "-foe", "true"));
        List<String> names = List.of("work.malloc_slow", "work.free_slow", "work.cache_fills", "work.cache_flushes",
                "work.lock_acquisitions", "work.mmap", "work.munmap", "work.madvise");
        int jmallocRows = 0;
        for (JsonNode result : results) {
            String benchmark = result.get("benchmark").asText();
            String impl = result.get("params").get("impl").asText();
            JsonNode secondary = result.get("secondaryMetrics");
            if (impl.equals("glibc")) {
                secondary.fieldNames().forEachRemaining(n -> assertTrue(!n.startsWith("work."),
                        benchmark + " [glibc] reported " + n + ", a jmalloc count"));
                continue;
            }
            jmallocRows++;
            for (String n : names) {
                assertNotNull(secondary.get(n), benchmark + " [jmalloc] has no " + n);
            }
            double fills = secondary.get("work.cache_fills").get("score").asDouble();
            double locks = secondary.get("work.lock_acquisitions").get("score").asDouble();
            if (benchmark.contains("MallocFreeLatency")) {
                assertEquals(0.0, secondary.get("work.malloc_slow").get("score").asDouble(), benchmark);
                assertEquals(0.0, fills, benchmark);
                assertEquals(0.0, locks, benchmark);
            } else {
                assertTrue(fills > 0, benchmark + ": no cache fills per op in a batch larger than the cache");
                assertTrue(locks >= fills, benchmark + ": fewer lock acquisitions than fills");
            }
        }
        assertEquals(2, jmallocRows, "one jmalloc row per benchmark");
    }

    private static String tail(Path log) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
