package org.jmalloc.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.jmalloc.results.model.Params;
import org.jmalloc.results.model.SeriesKey;
import org.junit.jupiter.api.Test;

class ChangeTableTest {

    private static SeriesChange change(String metric, String unit, double before, double after) {
        return new SeriesChange(new SeriesKey("b.m", Params.NONE, metric, "jmalloc", "hw"), unit, 5, "a", "b",
                Instant.EPOCH, "r", before, after, (after / before - 1) * 100, 1e-9);
    }

    @Test
    void change_isWorseOrBetterByTheMetricsDirection_andPlainForAMetricTheCatalogDoesNotKnow() {
        assertEquals("<span class=\"worse\">+10.0 % worse</span>",
                ChangeTable.change(change("latency.avg", "ns/op", 20, 22)).markup());
        assertEquals("<span class=\"better\">+10.0 % better</span>",
                ChangeTable.change(change("throughput", "ops/s", 20, 22)).markup());
        assertEquals("<span class=\"better\">-10.0 % better</span>",
                ChangeTable.change(change("gc.alloc.rate.norm", "B/op", 20, 18)).markup());
        assertEquals("+10.0 %", ChangeTable.change(change("otava.custom", "x", 20, 22)).markup());
    }
}
