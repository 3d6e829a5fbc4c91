package org.jmalloc.lab.core.metric;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricRuleTest {

    private static MetricRule rule(String pattern) {
        return new MetricRule(pattern, Direction.LOWER_IS_BETTER, MetricKind.NOISY, "test");
    }

    @Test
    void anExactPatternCoversOnlyItsName() {
        assertTrue(rule("perf.ipc").covers("perf.ipc"));
        assertFalse(rule("perf.ipc").covers("perf.ipc2"));
        assertFalse(rule("perf.ipc").covers("perf_ipc"), "the dot is literal");
    }

    @Test
    void aStarCoversAnyRunOfNameCharacters() {
        assertTrue(rule("gc.*.norm").covers("gc.alloc.rate.norm"));
        assertFalse(rule("gc.*.norm").covers("gc.alloc.rate"));
        assertTrue(rule("perf.*miss*").covers("perf.l1_dcache_load_misses"));
        assertTrue(rule("latency.*").covers("latency.p99.9"));
        assertFalse(rule("latency.*").covers("latency"));
    }
}
