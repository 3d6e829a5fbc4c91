package org.jmalloc.guardrails.config;

import org.jmalloc.lab.core.metric.Direction;
import org.jmalloc.lab.core.metric.MetricKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThresholdsTest {

    private static final String GOOD = """
            confidence: 95%
            rules:
              - name: p99
                metric: latency.p*
                direction: lower
                kind: noisy
                relative: 5%
                absolute: 20
              - name: latency
                benchmark: "*Latency*"
                metric: latency.*
                direction: lower
                kind: noisy
                relative: 5%
                confidence: 99%
              - name: work
                metric: work.*
                direction: lower
                kind: deterministic
                relative: 1%
              - name: throughput
                metric: throughput
                direction: higher
                kind: noisy
                relative: 5%
            """;

    @Test
    void readsRulesInOrderWithTheirBoundsAndConfidence() {
        Thresholds t = Thresholds.parse("t.yaml", GOOD);
        assertEquals(4, t.rules().size());
        Rule p99 = t.rules().get(0);
        assertEquals(0.05, p99.maxRelative().getAsDouble(), 1e-12);
        assertEquals(20, p99.maxAbsolute().getAsDouble());
        assertEquals(0.95, p99.confidence(), 1e-12, "the top-level confidence is the default");
        assertEquals(3, p99.line());
        Rule latency = t.rules().get(1);
        assertEquals(0.99, latency.confidence(), 1e-12);
        assertEquals(Direction.HIGHER_IS_BETTER, t.rules().get(3).direction());
        assertEquals(MetricKind.DETERMINISTIC, t.rules().get(2).kind());
    }

    @Test
    void firstMatchingRuleGuardsAMetric() {
        Thresholds t = Thresholds.parse("t.yaml", GOOD);
        String bench = "org.jmalloc.benchmarks.latency.MallocFreeSampledLatencyBenchmark.mallocFree";
        assertEquals("p99", t.ruleFor(bench, "latency.p99").orElseThrow().name());
        assertEquals("latency", t.ruleFor(bench, "latency.avg").orElseThrow().name());
        assertFalse(t.ruleFor("org.x.ThroughputBenchmark.run", "latency.avg").isPresent(),
                "the benchmark glob of 'latency' does not match");
        assertEquals("work", t.ruleFor("any", "work.malloc_slow").orElseThrow().name());
        assertFalse(t.ruleFor("any", "gc.alloc.rate.norm").isPresent());
    }

    @Test
    void theShippedFileParsesAndGuardsEveryQuickGateMetric() {
        Thresholds t = Thresholds.builtIn();
        for (String metric : new String[] {"latency.min.cpu", "latency.p99", "throughput", "footprint.rss_over_live",
            "footprint.resident_after_purge", "stats.metadata_ratio", "gc.alloc.rate.norm", "perf.instructions",
            "perf.cycles", "work.malloc_slow", "stress.violations"}) {
            String bench = metric.startsWith("footprint.rss") ? "org.jmalloc.benchmarks.footprint"
                    + ".FragmentationFootprintBenchmark.run" : "org.jmalloc.benchmarks.latency.X.y";
            assertTrue(t.ruleFor(bench, metric).isPresent(), metric + " is guarded");
        }
        assertFalse(t.ruleFor("org.jmalloc.benchmarks.footprint.MetadataFootprintBenchmark.run", "gc.alloc.rate.norm")
                .isPresent(), "a footprint benchmark's heap bytes per workload are not guarded");
        Rule gc = t.ruleFor("org.jmalloc.benchmarks.latency.X.y", "gc.alloc.rate.norm").orElseThrow();
        assertTrue(gc.beyond(Double.POSITIVE_INFINITY, 8.0), "8 B/op more reaches the bound");
        assertFalse(gc.beyond(Double.POSITIVE_INFINITY, 7.9));
    }

    @Test
    void boundsAreReachedNotExceededAndZeroMeansAnyWorsening() {
        Thresholds t = Thresholds.builtIn();
        Rule work = t.ruleFor("b", "work.malloc_slow").orElseThrow();
        assertTrue(work.beyond(101.0 / 100 - 1, 1), "a 1% change reaches a 1% bound");
        assertFalse(work.beyond(0.0099, 1));
        Rule stress = t.ruleFor("b", "stress.violations").orElseThrow();
        assertTrue(stress.beyond(Double.POSITIVE_INFINITY, 1));
        assertFalse(stress.beyond(0, 0), "no violation is no regression");
    }

    @Test
    void readsAFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("guardrails.yaml");
        Files.writeString(file, "rules:\n  - name: x\n    metric: m\n    direction: down\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Thresholds.read(file));
        assertEquals(file + ":4: rule 'x': direction 'down' must be 'lower' or 'higher' (which is better)",
                e.getMessage());
        assertEquals(4, e.line());
    }
}
