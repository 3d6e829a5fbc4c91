package org.jmalloc.results.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jmalloc.results.model.Params;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.RunKind;
import org.jmalloc.results.store.HistorySnapshot;
import org.jmalloc.results.store.Problem;
import org.junit.jupiter.api.Test;

class OtavaCsvTest {

    static final RunMetadata META = new RunMetadata(null, "", "main", RunKind.NIGHTLY, "hw-ci", "amd64", "Linux",
            2, "25", "");
    static final OtavaCsv.Options OPTIONS = new OtavaCsv.Options("otava.sample", Params.NONE, "", "jmalloc",
            OtavaCsv.TIME, Set.of());

    /** The layout of Otava's own example (examples/csv/data/local_sample.csv), first rows. */
    private static final String SAMPLE = """
            time,commit,metric1,metric2
            2026.01.01 3:00:00 +0100,aaa0,154023,10.43
            2026.01.02 3:00:00 +0100,aaa1,138455,10.23
            2026.01.03 3:00:00 +0100,aaa2,143112,
            """;

    private static List<ResultRow> read(String csv) {
        return OtavaCsv.read("sample.csv", csv.getBytes(StandardCharsets.UTF_8), OPTIONS, META);
    }

    @Test
    void otavasExampleLayout_becomesOneRunPerRowAndARowPerNonEmptyMetricCell() {
        List<ResultRow> rows = read(SAMPLE);
        assertEquals(5, rows.size());
        ResultRow first = rows.getFirst();
        assertEquals(Instant.parse("2026-01-01T02:00:00Z"), first.timestamp());
        assertEquals("aaa0", first.commit());
        assertEquals("metric1", first.metric());
        assertEquals(154023.0, first.value());
        assertEquals("otava.sample", first.benchmark());
        assertEquals("hw-ci", first.hardwareProfile());
        assertEquals(List.of("metric1", "metric2", "metric1", "metric2", "metric1"),
                rows.stream().map(ResultRow::metric).toList());
        assertEquals(3, rows.stream().map(ResultRow::runId).distinct().count());
        assertEquals(rows, read(SAMPLE), "the same file gives the same run ids");
    }

    @Test
    void branchColumn_isTheRunsBranch() {
        List<ResultRow> rows = read("time,commit,branch,m\n2024-01-01 02:00:00 +0000,c1,feature-x,1.5\n");
        assertEquals("feature-x", rows.getFirst().branch());
    }

    @Test
    void everyTimeFormOtavaWrites_isRead() {
        Instant t = Instant.parse("2025-01-07T02:15:00Z");
        for (String time : List.of("2025-01-07T02:15:00Z", "2025-01-07T03:15:00+01:00", "2025-01-07 02:15:00 +0000",
                "2025.01.07 3:15:00 +0100", "2025/01/07 02:15", "1736216100", "2025-01-07 02:15:00 UTC")) {
            assertEquals(t, OtavaTime.parse(time), time);
        }
        assertEquals(Instant.parse("2025-01-07T00:00:00Z"), OtavaTime.parse("2025-01-07"));
        assertEquals(Instant.parse("2025-01-07T02:15:00.5Z"), OtavaTime.parse("1736216100.5"));
    }

    @Test
    void badCells_areAllReportedWithTheirLines_andNothingIsImported() {
        String csv = """
                time,commit,m1,m2
                2026-01-01,c0,1,2
                yesterday,c1,1,2
                2026-01-03,c2,1,"1,5"
                2026-01-04,c3,1
                2026-01-05,c4,1,2
                2026-01-01,c0,3,4
                """;
        ImportException e = assertThrows(ImportException.class, () -> read(csv));
        List<Problem> problems = e.problems();
        assertEquals(List.of(3L, 4L, 5L, 7L), problems.stream().map(Problem::line).toList());
        assertTrue(problems.get(0).reason().startsWith("column time: 'yesterday' is not a time"));
        assertTrue(problems.get(1).reason().startsWith("column m2: '1,5' is not a number"));
        assertEquals("3 cells, but the header has 4", problems.get(2).reason());
        assertEquals("same time and commit as line 2", problems.get(3).reason());
        assertTrue(e.getMessage().startsWith("sample.csv:3: column time"), e.getMessage());
    }

    @Test
    void aFileWithoutTheTimeColumn_isRejectedWithTheLayout() {
        ImportException e = assertThrows(ImportException.class, () -> read("when,commit,m\n1,2,3\n"));
        assertTrue(e.getMessage().contains("no 'time' column in the header [when, commit, m]"), e.getMessage());
    }

    @Test
    void export_thenImport_givesBackTheSeries() {
        List<ResultRow> rows = read(SAMPLE);
        HistorySnapshot snapshot = new HistorySnapshot(rows, List.of());
        String exported = OtavaCsv.write(snapshot.allSeries());
        assertEquals("""
                time,commit,metric1,metric2
                2026-01-01T02:00:00Z,aaa0,154023.0,10.43
                2026-01-02T02:00:00Z,aaa1,138455.0,10.23
                2026-01-03T02:00:00Z,aaa2,143112.0,
                """, exported);
        assertEquals(rows, read(exported));
    }
}
