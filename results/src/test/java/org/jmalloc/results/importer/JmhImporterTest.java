package org.jmalloc.results.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.RunKind;
import org.jmalloc.results.store.csv.CsvHistoryStore;
import org.jmalloc.results.testing.Golden;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * JMH JSON import against real JMH output: {@code jmh-every-mode.json} (thrpt, avgt, sample and ss of one benchmark
 * for two implementations, 2 forks, with the gc profiler), {@code jmh-lab-bench.json} (written by
 * {@code ./lab bench --quick}), and {@code jmh-old-prefix-perfnorm-footprint.json} (a real result whose secondary
 * metrics were renamed to JMH's pre-1.37 "·" names, perfnorm counters and a footprint figure, as this machine has
 * no hardware counters). Each import is compared, as the history's CSV rows, with a golden file.
 */
class JmhImporterTest {

    static final RunMetadata META = new RunMetadata(null, "0123abcd", "main", RunKind.NIGHTLY, "hw-test", "amd64",
            "Linux", 2, "25", "--enable-native-access=ALL-UNNAMED");
    private static final Instant FINISHED = Instant.parse("2025-01-07T02:15:00Z");

    @TempDir
    Path temp;

    private static List<ResultRow> rows(String fixture) {
        return JmhImporter.rows(fixture, Golden.bytes(JmhImporterTest.class, fixture), FINISHED, META);
    }

    @ParameterizedTest
    @CsvSource({
        "jmh-every-mode.json, und", "jmh-every-mode.json, de-DE", "jmh-lab-bench.json, tr-TR",
        "jmh-old-prefix-perfnorm-footprint.json, de-DE",
    })
    void import_matchesItsGoldenRowsUnderEveryDefaultLocale(String fixture, String locale) throws Exception {
        Path dir = temp.resolve(locale);
        byte[] written = Golden.withDefaultLocale(Locale.forLanguageTag(locale), () -> {
            new CsvHistoryStore(dir).append(rows(fixture));
            return Files.readAllBytes(dir.resolve("2025-01.csv"));
        });
        Golden.assertMatches(JmhImporterTest.class, fixture.replace(".json", ".golden.csv"), written);
    }

    @Test
    void everyMode_givesItsPrimaryMetric_samplePercentiles_andGcAllocRateNorm_withForkSamples() {
        List<ResultRow> rows = rows("jmh-every-mode.json");
        Set<String> metrics = rows.stream().map(ResultRow::metric).collect(Collectors.toSet());
        assertTrue(metrics.containsAll(Set.of("throughput", "latency.avg", "latency.single_shot", "latency.p50",
                "latency.p99", "latency.p99.9", "gc.alloc.rate.norm")), metrics.toString());
        assertEquals(Set.of("jmalloc", "glibc"), rows.stream().map(ResultRow::implementation)
                .collect(Collectors.toSet()));
        assertEquals(Set.of("mode=avgt,size=00064", "mode=sample,size=00064", "mode=ss,size=00064",
                "mode=thrpt,size=00064"), rows.stream().map(r -> r.params().canonical()).collect(Collectors.toSet()),
                "one benchmark in four modes: each mode is its own series");
        assertTrue(rows.stream().filter(r -> !r.metric().startsWith("latency.p")).allMatch(r -> r.samples().size()
                == 2), "two forks, one sample each");
        assertEquals(1, rows.stream().map(ResultRow::runId).distinct().count());
        assertTrue(rows.getFirst().runId().startsWith("jmh-"));
    }

    @Test
    void oldPrefixPerfnormAndFootprint_becomeTheirLabMetrics() {
        Set<String> metrics = rows("jmh-old-prefix-perfnorm-footprint.json").stream().map(ResultRow::metric)
                .collect(Collectors.toSet());
        assertTrue(metrics.containsAll(Set.of("gc.alloc.rate.norm", "perf.instructions", "perf.cycles",
                "perf.l1_dcache_load_misses", "footprint.rss_over_live")), metrics.toString());
        assertTrue(metrics.stream().noneMatch(m -> m.contains("\u00b7")), metrics.toString());
    }

    @Test
    void aBenchmarkInOneMode_keepsItsParamsAsTheyAre() {
        assertTrue(rows("jmh-lab-bench.json").stream().noneMatch(r -> r.params().get("mode") != null));
        assertTrue(rows("jmh-old-prefix-perfnorm-footprint.json").stream()
                .allMatch(r -> r.params().canonical().equals("size=00064")));
    }

    @Test
    void theSameFile_isTheSameRun() {
        assertEquals(rows("jmh-lab-bench.json"), rows("jmh-lab-bench.json"));
    }

    @Test
    void notJmh_isTheClearErrorNamingTheFile() {
        ImportException e = assertThrows(ImportException.class,
                () -> JmhImporter.rows("x.json", "{\"a\":1}".getBytes(), FINISHED, META));
        assertTrue(e.getMessage().startsWith("x.json: "), e.getMessage());
        ImportException truncated = assertThrows(ImportException.class,
                () -> JmhImporter.rows("t.json", "[{\"benchmark\":".getBytes(), FINISHED, META));
        assertTrue(truncated.getMessage().contains("t.json"), truncated.getMessage());
    }
}
