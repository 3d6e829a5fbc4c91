package org.jmalloc.lab.core.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MetricTest {

    @Test
    void acceptsDottedLowercaseNames() {
        Metric m = new Metric("latency.p99.9", "ns/op", Direction.LOWER_IS_BETTER, MetricKind.NOISY);
        assertEquals("latency.p99.9 [ns/op]", m.toString());
        assertEquals("us/op", m.withUnit("us/op").unit());
        assertEquals(m.name(), m.withUnit("us/op").name());
    }

    @Test
    void rejectsNamesThatAreNotDottedLowercase() {
        for (String bad : new String[] {"Latency", "latency..avg", ".latency", "latency.", "gc alloc", "perf.L1",
            "1latency", "latency.avg[ns]"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Metric(bad, "ns/op", Direction.LOWER_IS_BETTER, MetricKind.NOISY), bad);
            assertEquals("invalid metric name '" + bad + "': use dotted lowercase segments of letters, digits and"
                    + " '_', e.g. latency.p99 or footprint.rss_over_live", e.getMessage());
        }
    }

    @Test
    void rejectsABlankUnit() {
        assertEquals("metric throughput has a blank unit", assertThrows(IllegalArgumentException.class,
                () -> new Metric("throughput", " ", Direction.HIGHER_IS_BETTER, MetricKind.NOISY)).getMessage());
    }
}
