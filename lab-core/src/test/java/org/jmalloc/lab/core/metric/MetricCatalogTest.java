package org.jmalloc.lab.core.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricCatalogTest {

    private static final Metric AVGT = MetricCatalog.primary("avgt", "ns/op");
    private static final Metric THRPT = MetricCatalog.primary("thrpt", "ops/s");

    @Test
    void primary_namesEachModeAndTakesItsDirectionFromTheRules() {
        assertEquals(new Metric("throughput", "ops/s", Direction.HIGHER_IS_BETTER, MetricKind.NOISY), THRPT);
        assertEquals(new Metric("latency.avg", "ns/op", Direction.LOWER_IS_BETTER, MetricKind.NOISY), AVGT);
        assertEquals("latency.avg", MetricCatalog.primary("sample", "us/op").name());
        assertEquals("latency.single_shot", MetricCatalog.primary("ss", "ms/op").name());
    }

    @Test
    void primary_rejectsAUnitThatDoesNotFitTheModeAndUnknownModes() {
        assertEquals("JMH mode thrpt with unit 'ns/op': JMH writes ops/<time> for throughput",
                assertThrows(IllegalArgumentException.class, () -> MetricCatalog.primary("thrpt", "ns/op"))
                        .getMessage());
        assertEquals("JMH mode avgt with unit 'ops/s': JMH writes <time>/op for avgt",
                assertThrows(IllegalArgumentException.class, () -> MetricCatalog.primary("avgt", "ops/s"))
                        .getMessage());
        assertEquals("unknown JMH mode 'all': expected thrpt, avgt, sample or ss",
                assertThrows(IllegalArgumentException.class, () -> MetricCatalog.primary("all", "ns/op"))
                        .getMessage());
    }

    @Test
    void percentile_dropsTrailingZerosOfJmhsKeys() {
        Map<String, String> names = Map.of("0.0", "latency.p0", "50.0", "latency.p50", "99.0", "latency.p99",
                "99.9", "latency.p99.9", "99.9999", "latency.p99.9999", "100.0", "latency.p100");
        names.forEach((key, name) -> assertEquals(name, MetricCatalog.percentile(key, "ns/op").name(), key));
        assertEquals(MetricCatalog.LATENCY_P99_9, MetricCatalog.percentileName("99.90"));
        assertEquals(Direction.LOWER_IS_BETTER, MetricCatalog.percentile("99.9", "ns/op").direction());
        assertEquals("percentile key '101' is not between 0 and 100",
                assertThrows(IllegalArgumentException.class, () -> MetricCatalog.percentileName("101")).getMessage());
        assertEquals("percentile key 'p99' is not a number",
                assertThrows(IllegalArgumentException.class, () -> MetricCatalog.percentileName("p99")).getMessage());
    }

    @Test
    void secondary_gcNamesStayAndOnlyTheNormalisedOnesAreDeterministic() {
        Metric norm = MetricCatalog.secondary("gc.alloc.rate.norm", "B/op", AVGT).orElseThrow();
        assertEquals(new Metric("gc.alloc.rate.norm", "B/op", Direction.LOWER_IS_BETTER, MetricKind.DETERMINISTIC),
                norm);
        assertEquals(norm, MetricCatalog.secondary("\u00b7gc.alloc.rate.norm", "B/op", AVGT).orElseThrow(),
                "JMH before 1.37 wrote a middle dot in front");
        assertEquals(MetricKind.NOISY, MetricCatalog.secondary("gc.alloc.rate", "MB/sec", AVGT).orElseThrow().kind());
        assertEquals(MetricKind.NOISY, MetricCatalog.secondary("gc.count", "counts", AVGT).orElseThrow().kind());
        assertEquals("gc.churn.g1_eden_space.norm",
                MetricCatalog.secondary("gc.churn.G1_Eden_Space.norm", "B/op", AVGT).orElseThrow().name());
    }

    @Test
    void secondary_footprintFiguresKeepTheirNamesAndAreDeterministic() {
        Metric rss = MetricCatalog.secondary("footprint.rss_over_live", "ratio", AVGT).orElseThrow();
        assertEquals("footprint.rss_over_live", rss.name());
        assertEquals(MetricKind.DETERMINISTIC, rss.kind());
        assertEquals(Direction.LOWER_IS_BETTER, rss.direction());
        assertEquals(MetricKind.DETERMINISTIC,
                MetricCatalog.secondary("stats.metadata_ratio", "ratio", AVGT).orElseThrow().kind());
    }

    @Test
    void secondary_workCountsKeepTheirNamesAndAreDeterministic() {
        // WorkCountersProfiler's results, as JMH writes them: unit 1/op, the lab's dotted names already.
        Metric fills = MetricCatalog.secondary("work.cache_fills", "1/op", AVGT).orElseThrow();
        assertEquals(new Metric("work.cache_fills", "1/op", Direction.LOWER_IS_BETTER, MetricKind.DETERMINISTIC),
                fills);
        assertEquals("work.madvise", MetricCatalog.secondary("work.madvise", "1/op", AVGT).orElseThrow().name());
    }

    @Test
    void secondary_perfEventsPerOperationArePerfMetrics() {
        assertEquals(new Metric("perf.instructions", "#/op", Direction.LOWER_IS_BETTER, MetricKind.DETERMINISTIC),
                MetricCatalog.secondary("instructions", "#/op", AVGT).orElseThrow());
        assertEquals(new Metric("perf.cycles", "#/op", Direction.LOWER_IS_BETTER, MetricKind.NOISY),
                MetricCatalog.secondary("cycles", "#/op", AVGT).orElseThrow());
        assertEquals(new Metric("perf.l1_dcache_load_misses", "#/op", Direction.LOWER_IS_BETTER, MetricKind.NOISY),
                MetricCatalog.secondary("L1-dcache-load-misses", "#/op", AVGT).orElseThrow());
        assertEquals(new Metric("perf.ipc", "insns/clk", Direction.HIGHER_IS_BETTER, MetricKind.NOISY),
                MetricCatalog.secondary("IPC", "insns/clk", AVGT).orElseThrow());
        assertEquals(new Metric("perf.cpi", "clks/insn", Direction.LOWER_IS_BETTER, MetricKind.NOISY),
                MetricCatalog.secondary("CPI", "clks/insn", AVGT).orElseThrow());
        assertEquals(MetricKind.NOISY, MetricCatalog.secondary("stalled-cycles-frontend", "#/op", AVGT).orElseThrow()
                .kind());
        assertEquals("perf.branches_u", MetricCatalog.secondary("branches:u", "#/op", AVGT).orElseThrow().name());
    }

    @Test
    void secondary_aMetricInThePrimarysUnitBelongsToThePrimary() {
        assertEquals(new Metric("throughput.allocate", "ops/s", Direction.HIGHER_IS_BETTER, MetricKind.NOISY),
                MetricCatalog.secondary("allocate", "ops/s", THRPT).orElseThrow());
        assertEquals(Optional.empty(), MetricCatalog.secondary("p0.99", "ns/op",
                MetricCatalog.primary("sample", "ns/op")), "a copy of a sample-mode percentile");
        assertEquals(Optional.empty(), MetricCatalog.secondary("stack", "---", AVGT), "the stack profiler's text");
        assertEquals(Optional.empty(), MetricCatalog.secondary("allocate", "ops/ms", THRPT), "another unit");
    }

    @Test
    void of_coversTheLabsOwnMetrics() {
        assertEquals(new Metric("work.slab_refills", "1/op", Direction.LOWER_IS_BETTER, MetricKind.DETERMINISTIC),
                MetricCatalog.of("work.slab_refills", "1/op"));
        assertEquals(MetricKind.DETERMINISTIC, MetricCatalog.of("footprint.rss_over_live", "ratio").kind());
        assertEquals(MetricKind.NOISY, MetricCatalog.of("footprint.jit_ms", "ms").kind(),
                "the compilation left inside a footprint workload moves with the compiler's scheduling");
        assertEquals(MetricKind.DETERMINISTIC, MetricCatalog.of("stats.metadata_ratio", "ratio").kind());
        assertEquals(Direction.LOWER_IS_BETTER, MetricCatalog.of(MetricCatalog.STRESS_VIOLATIONS, "count").direction());
    }

    @Test
    void of_rejectsANameNoRuleCoversAndSaysWhichExist() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetricCatalog.of("speed", "km/h"));
        assertTrue(e.getMessage().startsWith("unknown metric 'speed': no rule covers it; known names are throughput,"
                + " throughput.*, latency.*, gc.*.norm, gc.*,"), e.getMessage());
        assertEquals(Optional.empty(), MetricCatalog.find("speed", "km/h"));
        assertThrows(IllegalArgumentException.class, () -> MetricCatalog.find("Speed", "km/h"));
    }

    @Test
    void everyRuleIsReachable_noEarlierRuleShadowsIt() {
        Map<String, String> example = Map.ofEntries(Map.entry("throughput", "throughput"),
                Map.entry("throughput.*", "throughput.free"), Map.entry("latency.*", "latency.p99"),
                Map.entry("gc.*.norm", "gc.alloc.rate.norm"), Map.entry("gc.*", "gc.time"),
                Map.entry("perf.ipc", "perf.ipc"), Map.entry("perf.*cycles*", "perf.cycles"),
                Map.entry("perf.cpi", "perf.cpi"), Map.entry("perf.*miss*", "perf.cache_misses"),
                Map.entry("perf.*", "perf.instructions"), Map.entry("work.*", "work.flushes"),
                Map.entry("footprint.jit_ms", "footprint.jit_ms"),
                Map.entry("footprint.*", "footprint.rss_over_live"), Map.entry("stats.*", "stats.metadata_ratio"),
                Map.entry("stress.violations", "stress.violations"),
                Map.entry("stress.throughput", "stress.throughput"), Map.entry("stress.peak_rss", "stress.peak_rss"));
        assertEquals(example.keySet(), MetricCatalog.rules().stream().map(MetricRule::pattern)
                .collect(java.util.stream.Collectors.toSet()), "one example per rule");
        for (MetricRule rule : MetricCatalog.rules()) {
            String name = example.get(rule.pattern());
            MetricRule first = MetricCatalog.rules().stream().filter(r -> r.covers(name)).findFirst().orElseThrow();
            assertEquals(rule, first, name + " should be decided by " + rule.pattern());
        }
    }
}
