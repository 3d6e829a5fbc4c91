package org.jmalloc.results.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.jmalloc.lab.core.metric.Direction;
import org.junit.jupiter.api.Test;

class SeriesTest {

    private static Point point(String run, String time, double value) {
        return new Point(run, "c", Instant.parse(time), value, Double.NaN, List.of());
    }

    private static SeriesKey key(String metric) {
        return new SeriesKey("b", Params.NONE, metric, "jmalloc", "hw");
    }

    @Test
    void points_areOrderedByTimeThenRunId() {
        Series s = new Series(key("latency.avg"), "ns/op", List.of(point("b", "2025-01-02T00:00:00Z", 2),
                point("z", "2025-01-01T00:00:00Z", 1), point("a", "2025-01-02T00:00:00Z", 3)));
        assertEquals(List.of("z", "a", "b"), s.points().stream().map(Point::runId).toList());
        assertArrayEquals(new double[] {1, 3, 2}, s.values());
    }

    @Test
    void metric_comesFromTheCatalog_andIsEmptyForNamesItDoesNotCover() {
        assertEquals(Direction.HIGHER_IS_BETTER, new Series(key("throughput"), "ops/s", List.of()).metric()
                .orElseThrow().direction());
        assertTrue(new Series(key("Metric 1"), "ms", List.of()).metric().isEmpty());
        assertTrue(new Series(key("latency.avg"), "", List.of()).metric().isEmpty());
    }
}
