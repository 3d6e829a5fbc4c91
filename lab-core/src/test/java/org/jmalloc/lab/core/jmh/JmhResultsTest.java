package org.jmalloc.lab.core.jmh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhResultsTest {

    private final List<JmhResult> everyMode = Fixtures.everyMode();

    @Test
    void readsOneResultPerModeWithItsSettingsAndJvm() {
        assertEquals(List.of("thrpt", "avgt", "sample", "ss"), everyMode.stream().map(JmhResult::mode).toList());
        JmhResult avgt = everyMode.get(1);
        assertEquals("1.37", avgt.jmhVersion());
        assertEquals("org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree", avgt.benchmark());
        assertEquals("MallocFreeLatencyBenchmark", avgt.className());
        assertEquals(Map.of("impl", "jmalloc", "size", "00064"), avgt.params());
        assertEquals(new JmhSettings(2, 1, 1, "100 ms", 1, 2, "100 ms", 1), avgt.settings());
        assertEquals(2, avgt.forks());
        assertEquals(1, avgt.threads());
        assertEquals("25.0.3", avgt.jdkVersion());
        assertEquals("OpenJDK 64-Bit Server VM", avgt.vmName());
        assertTrue(avgt.jvmArgs().contains("-Xmx1g"), avgt.jvmArgs().toString());
        assertEquals("/opt/jdk-25/bin/java", avgt.jvm().jvm());
    }

    @Test
    void rawData_hasEveryForkAndIterationOfPrimaryAndSecondaryMetrics() {
        for (JmhResult r : everyMode) {
            assertEquals(2, r.primary().forks(), r.mode());
            for (JmhMetric m : List.of(r.primary(), r.secondary().get("gc.alloc.rate.norm"))) {
                if (m.histograms().isEmpty()) {
                    assertEquals(2, m.rawData().size(), r.mode());
                    m.rawData().forEach(fork -> assertEquals(2, fork.size(), r.mode()));
                }
            }
        }
        assertEquals(List.of(List.of(32792.0, 15469.0), List.of(45135.0, 23535.0)), everyMode.get(3).primary().rawData());
    }

    /**
     * JMH writes a metric that a profiler reports only in some iterations ({@code gc.time}, only where a collection
     * ran) with an empty list for a fork where it never came, as a {@code lab bench --quick} run did for 6 of its
     * 440 rows: that metric has its score but no per-fork data, and the result's measurements still read.
     */
    @Test
    void aMetricMissingFromAForkHasNoForkData() {
        JmhMetric partial = new JmhMetric(1.5, Double.NaN, "ms", java.util.Map.of(),
                List.of(List.of(), List.of(1.5)), List.of());
        assertEquals(2, partial.forks());
        assertTrue(!partial.hasForkData());
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                partial::forkMeans);
        assertTrue(e.getMessage().contains("empty for a fork"), e.getMessage());
        JmhMetric whole = new JmhMetric(1.5, Double.NaN, "ms", java.util.Map.of(),
                List.of(List.of(1.0), List.of(2.0)), List.of());
        assertTrue(whole.hasForkData());
    }

    @Test
    void forkMeans_averageToJmhsScoreWhenForksHaveEqualIterations() {
        for (JmhResult r : everyMode) {
            double[] means = r.primary().forkMeans();
            double mean = (means[0] + means[1]) / 2;
            if (!r.mode().equals("sample")) {
                assertEquals(r.primary().score(), mean, 1e-9 * Math.abs(mean), r.mode());
            }
        }
        JmhResult ss = everyMode.get(3);
        assertArrayEquals(new double[] {(32792.0 + 15469.0) / 2, (45135.0 + 23535.0) / 2}, ss.primary().forkMeans());
    }

    @Test
    void sampleMode_histogramsHoldEverySampleJmhScored() {
        JmhMetric sample = everyMode.get(2).primary();
        assertTrue(sample.rawData().isEmpty());
        assertEquals(2, sample.histograms().size());
        SampleHistogram all = SampleHistogram.merge(List.of(sample.forkHistogram(0), sample.forkHistogram(1)));
        // JMH's sample-mode score is the mean of all samples; its console table gives their count, 12086.
        assertEquals(12086, all.count());
        assertEquals(sample.score(), all.mean(), 1e-9 * sample.score());
        assertEquals(sample.percentile("50.0"), all.percentile(50));
        assertEquals(sample.percentile("0.0"), all.percentile(0));
        assertEquals(sample.percentile("100.0"), all.percentile(100));
        double[] p50 = sample.forkPercentiles(50);
        assertEquals(2, p50.length);
    }

    @Test
    void secondaryMetricsOfAThreadGroupAreItsMethods() {
        JmhResult group = Fixtures.threadGroup();
        assertEquals(2, group.threads());
        assertEquals(List.of("allocate", "free", "gc.alloc.rate", "gc.alloc.rate.norm", "gc.count"),
                List.copyOf(group.secondary().keySet()));
        assertEquals("ops/s", group.secondary().get("allocate").unit());
        assertEquals(2, group.secondary().get("allocate").forkMeans().length);
    }

    @Test
    void theOldMiddleDotPrefixIsDropped() {
        String old = Fixtures.text("jmh-thread-group.json").replace("\"gc.", "\"\u00b7gc.")
                .replace("\"allocate\"", "\"\u00b7allocate\"");
        JmhResult r = JmhResults.parse(old).getFirst();
        assertEquals(Fixtures.threadGroup().secondary().keySet(), r.secondary().keySet());
        assertEquals(Fixtures.threadGroup().secondary().get("gc.alloc.rate.norm"), r.secondary().get("gc.alloc.rate.norm"));
    }

    @Test
    void aMinimalResultReadsWithUnknownSettings() {
        JmhResult r = JmhResults.parse("""
                [{"benchmark":"a.B.c","mode":"avgt","primaryMetric":{"score":"NaN","scoreUnit":"ns/op"}}]""")
                .getFirst();
        assertEquals(JmhSettings.UNKNOWN, r.settings());
        assertEquals(JvmInfo.UNKNOWN, r.jvm());
        assertTrue(Double.isNaN(r.primary().score()));
        assertTrue(Double.isNaN(r.primary().error()));
        assertEquals("no per-fork raw data for every fork (JMH's rawData or rawDataHistogram is missing, or empty for"
                + " a fork)",
                assertThrows(IllegalStateException.class, () -> r.primary().forkMeans()).getMessage());
    }

    @Test
    void rejectsWhatIsNotAJmhResultFileSayingWhereAndWhat() {
        assertEquals("not a JMH result file: expected a JSON array of results", message("{}"));
        assertTrue(message("[ {").startsWith("not JSON: "));
        assertEquals("result 0 is not a JSON object", message("[1]"));
        assertEquals("result 0 has no text field \"benchmark\"", message("[{\"mode\":\"avgt\"}]"));
        assertEquals("result 0 (a.B.c) primaryMetric score is not a number: \"fast\"", message(
                "[{\"benchmark\":\"a.B.c\",\"mode\":\"avgt\",\"primaryMetric\":{\"score\":\"fast\","
                        + "\"scoreUnit\":\"ns/op\"}}]"));
        assertEquals("result 0 (a.B.c) field \"forks\" is not a count: -1", message(
                "[{\"benchmark\":\"a.B.c\",\"mode\":\"avgt\",\"forks\":-1}]"));
        assertEquals("result 0 (a.B.c) primaryMetric rawData fork 2 iteration 1 is not a number: true", message(
                "[{\"benchmark\":\"a.B.c\",\"mode\":\"avgt\",\"primaryMetric\":{\"score\":1,\"scoreUnit\":\"ns/op\","
                        + "\"rawData\":[[1.0],[true]]}}]"));
        assertEquals("result 0 (a.B.c) primaryMetric rawDataHistogram fork 1 iteration 1 has [1.0] where a [value,"
                + " count] pair belongs", message("[{\"benchmark\":\"a.B.c\",\"mode\":\"sample\",\"primaryMetric\":"
                        + "{\"score\":1,\"scoreUnit\":\"ns/op\",\"rawDataHistogram\":[[[[1.0]]]]}}]"));
        assertEquals("result 0 (a.B.c) secondary metric x is missing", message(
                "[{\"benchmark\":\"a.B.c\",\"mode\":\"avgt\",\"primaryMetric\":{\"score\":1,\"scoreUnit\":\"ns/op\"},"
                        + "\"secondaryMetrics\":{\"x\":3}}]"));
    }

    @Test
    void read_namesTheFileInItsMessage(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("run.json"), "[1]");
        assertEquals(file + ": result 0 is not a JSON object",
                assertThrows(IllegalArgumentException.class, () -> JmhResults.read(file)).getMessage());
    }

    private static String message(String json) {
        return assertThrows(IllegalArgumentException.class, () -> JmhResults.parse(json)).getMessage();
    }
}
