package org.jmalloc.results.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultRowTest {

    private static final RunInfo RUN = new RunInfo("r1", Instant.parse("2025-01-07T02:15:00.123456Z"), "abc123",
            "main", RunKind.NIGHTLY, "hw-1", "amd64", "Linux", 2, "25", "-Xmx1g");

    @Test
    void timestamp_isKeptToTheMillisecond() {
        assertEquals(Instant.parse("2025-01-07T02:15:00.123Z"), RUN.timestamp());
    }

    @Test
    void row_givesBackItsRunSeriesAndKey() {
        ResultRow row = RUN.row("b.M.m", Params.parse("size=64"), "latency.avg", "ns/op", 12.5, 0.5,
                List.of(12.0, 13.0), "jmalloc");
        assertEquals(RUN, row.run());
        assertEquals(new SeriesKey("b.M.m", Params.parse("size=64"), "latency.avg", "jmalloc", "hw-1"),
                row.seriesKey());
        assertEquals(new RowKey("r1", "b.M.m", Params.parse("size=64"), "latency.avg", "jmalloc"), row.key());
        assertEquals(List.of(12.0, 13.0), row.point().samples());
    }

    @Test
    void rejectsControlCharactersAndEmptyNames() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RUN.row("b\nx", Params.NONE, "m", "u", 1,
                Double.NaN, List.of(), "jmalloc")).getMessage().contains("control character U+000A"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RUN.row("b", Params.NONE, " ", "u", 1,
                Double.NaN, List.of(), "jmalloc")).getMessage().contains("metric is empty"));
    }

    @Test
    void runKind_parsesStoredNamesInAnyCase() {
        assertEquals(RunKind.PR, RunKind.parse("pr"));
        assertEquals(RunKind.MATRIX, RunKind.parse("MATRIX"));
        assertEquals("gate", RunKind.GATE.id());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunKind.parse("weekly")).getMessage()
                .contains("pr, nightly, local, matrix, gate"));
    }
}
