package org.jmalloc.lab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JmhResultsTest {

    private final List<JmhResult> golden = JmhResults.parse(Golden.text("golden-jmh.json"));

    @Test
    void readsEveryResultWithItsModeParamsAndPrimaryMetric() {
        assertEquals(9, golden.size());
        JmhResult first = golden.get(0);
        assertEquals("org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree", first.benchmark());
        assertEquals("MallocFreeLatencyBenchmark", first.className());
        assertEquals("avgt", first.mode());
        assertEquals(Map.of("impl", "jmalloc", "size", "00064"), first.params());
        assertEquals(8.25, first.primary().score());
        assertEquals(0.5, first.primary().error());
        assertEquals("ns/op", first.primary().unit());
        assertEquals(8.5, first.primary().percentile("99.9"));
    }

    @Test
    void readsSecondaryMetricsAndStripsTheOldMiddleDotPrefix() {
        assertEquals(0.004, golden.get(0).secondary().get("gc.alloc.rate.norm").score());
        assertEquals("B/op", golden.get(0).secondary().get("gc.alloc.rate.norm").unit());
        assertEquals(56.0, golden.get(3).secondary().get("gc.alloc.rate.norm").score(), "\u00b7gc.alloc.rate.norm");
        assertEquals(12_000_000.0, golden.get(6).secondary().get("allocate").score());
    }

    @Test
    void nanWrittenAsAStringIsNaN() {
        assertTrue(Double.isNaN(golden.get(2).primary().error()));
        assertTrue(Double.isNaN(golden.get(0).secondary().get("gc.alloc.rate.norm").error()));
    }

    @Test
    void throughputIsTheOnlyHigherIsBetterMode() {
        assertTrue(golden.get(6).higherIsBetter());
        assertTrue(golden.stream().filter(r -> !r.mode().equals("thrpt")).noneMatch(JmhResult::higherIsBetter));
    }

    @Test
    void rejectsWhatIsNotAJmhResultFile() {
        assertEquals("not a JMH result file: expected a JSON array of results",
                assertThrows(IllegalArgumentException.class, () -> JmhResults.parse("{}")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JmhResults.parse("[ {"))
                .getMessage().startsWith("not JSON: "));
        assertEquals("result 0 has no text field \"benchmark\"",
                assertThrows(IllegalArgumentException.class, () -> JmhResults.parse("[{\"mode\":\"avgt\"}]"))
                        .getMessage());
        assertEquals("result 0 (a.B.c) primaryMetric score is not a number: \"fast\"",
                assertThrows(IllegalArgumentException.class, () -> JmhResults.parse(
                        "[{\"benchmark\":\"a.B.c\",\"mode\":\"avgt\",\"primaryMetric\":{\"score\":\"fast\","
                                + "\"scoreUnit\":\"ns/op\"}}]")).getMessage());
    }

    @Test
    void percentile_namesTheKeysItHasWhenAskedForAnother() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> golden.get(1).primary().percentile("99.0"));
        assertEquals("no percentile 99.0 in []", e.getMessage());
    }
}
