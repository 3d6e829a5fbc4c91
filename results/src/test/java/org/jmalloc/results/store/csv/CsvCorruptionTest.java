package org.jmalloc.results.store.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.store.CheckReport;
import org.jmalloc.results.store.HistoryException;
import org.jmalloc.results.store.HistorySnapshot;
import org.jmalloc.results.store.Problem;
import org.jmalloc.results.store.SampleRows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged CSV histories: every damaged line is reported with file, line and reason, and no other row is lost. */
class CsvCorruptionTest {

    @TempDir
    Path dir;

    private CsvHistoryStore store;
    private List<ResultRow> rows;
    private Path shard;

    @BeforeEach
    void writeThreeRows() {
        store = new CsvHistoryStore(dir);
        rows = SampleRows.rows(SampleRows.run("r1", "2025-01-07T02:15:00Z"), 12.5);
        store.append(rows);
        shard = dir.resolve("2025-01.csv");
    }

    @Test
    void damagedLines_areReportedWithFileLineAndReason_andTheOtherRowsStillRead() throws Exception {
        List<String> lines = Files.readAllLines(shard, StandardCharsets.UTF_8);
        // lines: 1 version, 2 header, 3..5 rows
        String good = lines.get(2);
        String badNumber = lines.get(3).replace(",0.0,NaN,", ",0,0,NaN,");
        String truncated = lines.get(4).substring(0, lines.get(4).length() / 2);
        String unbalanced = "\"" + lines.get(4);
        String decimalComma = good.replace(",12.5,", ",\"12,5\",").replace("r1,", "r2,");
        Files.writeString(shard, String.join("\r\n", lines.get(0), lines.get(1), good, badNumber, truncated,
                unbalanced, decimalComma, lines.get(4)) + "\r\n", StandardCharsets.UTF_8);

        HistorySnapshot snapshot = store.read();
        assertEquals(List.of(rows.get(0), rows.get(2)), snapshot.rows());
        List<Problem> problems = snapshot.problems();
        assertEquals(List.of(4L, 5L, 6L, 7L), problems.stream().map(Problem::line).toList());
        assertTrue(problems.stream().allMatch(p -> p.location().equals(shard.toString())));
        assertTrue(problems.get(0).reason().contains("expected 19 columns, found 20"), problems.get(0).reason());
        assertTrue(problems.get(1).reason().contains("expected 19 columns"), problems.get(1).reason());
        assertTrue(problems.get(2).reason().contains("not one CSV record"), problems.get(2).reason());
        assertEquals("column value: '12,5' is not a number (expected e.g. 12.5, 1.0E-5, NaN; '.' as decimal"
                + " separator)", problems.get(3).reason());
        assertEquals(shard + ":7: " + problems.get(3).reason(), problems.get(3).toString());

        CheckReport report = store.check();
        assertFalse(report.ok());
        assertEquals(problems, report.problems());
        assertEquals(2, report.rows());
    }

    @Test
    void append_keepsDamagedLinesVerbatim_andEndsAnUnterminatedLastLine() throws Exception {
        byte[] before = Files.readAllBytes(shard);
        byte[] damaged = new byte[before.length - 30]; // the last row cut short, as by a careless editor
        System.arraycopy(before, 0, damaged, 0, damaged.length);
        Files.write(shard, damaged);

        List<ResultRow> next = SampleRows.rows(SampleRows.run("r2", "2025-01-08T00:00:00Z"), 13);
        assertEquals(3, store.append(next).added());
        byte[] after = Files.readAllBytes(shard);
        ByteArrayOutputStream prefix = new ByteArrayOutputStream();
        prefix.write(after, 0, damaged.length);
        assertEquals(new String(damaged, StandardCharsets.UTF_8), prefix.toString(StandardCharsets.UTF_8));

        HistorySnapshot snapshot = store.read();
        assertEquals(5, snapshot.rows().size());
        assertEquals(List.of(5L), snapshot.problems().stream().map(Problem::line).toList());
    }

    @Test
    void invalidUtf8_isReportedForItsLineOnly() throws Exception {
        byte[] before = Files.readAllBytes(shard);
        byte[] bad = "zz,\u00ff\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[before.length + bad.length];
        System.arraycopy(before, 0, all, 0, before.length);
        System.arraycopy(bad, 0, all, before.length, bad.length);
        Files.write(shard, all);
        HistorySnapshot snapshot = store.read();
        assertEquals(rows, snapshot.rows());
        assertEquals(List.of(new Problem(shard.toString(), 6, "not UTF-8 text")), snapshot.problems());
    }

    @Test
    void aFileWithoutTheVersionLine_isReported_andNotAppendedTo() throws Exception {
        List<String> lines = Files.readAllLines(shard, StandardCharsets.UTF_8);
        Files.writeString(shard, String.join("\r\n", lines.subList(1, lines.size())) + "\r\n");
        CheckReport report = store.check();
        assertEquals(1, report.problems().size());
        assertTrue(report.problems().getFirst().reason().startsWith("not a history file"));
        HistoryException e = assertThrows(HistoryException.class, () -> store.append(SampleRows.rows(
                SampleRows.run("r2", "2025-01-08T00:00:00Z"), 13)));
        assertTrue(e.getMessage().contains("move the file aside or repair it"), e.getMessage());
        assertEquals(String.join("\r\n", lines.subList(1, lines.size())) + "\r\n", Files.readString(shard));
    }

    @Test
    void duplicateRows_areReadOnce_andReported() throws Exception {
        List<String> lines = Files.readAllLines(shard, StandardCharsets.UTF_8);
        Files.writeString(shard, String.join("\r\n", lines) + "\r\n" + lines.get(2) + "\r\n");
        HistorySnapshot snapshot = store.read();
        assertEquals(rows, snapshot.rows());
        assertEquals(1, snapshot.problems().size());
        assertEquals(6, snapshot.problems().getFirst().line());
        assertTrue(snapshot.problems().getFirst().reason().startsWith("duplicate of " + shard + ":3"));
    }

    @Test
    void aRowInTheWrongMonthFile_isReportedByCheck() throws Exception {
        Files.move(shard, dir.resolve("2025-02.csv"));
        CheckReport report = store.check();
        assertEquals(3, report.problems().size());
        assertTrue(report.problems().getFirst().reason().endsWith("belongs in 2025-01.csv"));
        assertEquals(3, store.read().rows().size());
    }

    @Test
    void leftoverTemporaryFiles_areIgnoredByReaders_andRemovedByTheNextAppend() throws Exception {
        Path leftover = dir.resolve(".2025-01.csv.tmp-999-1");
        Files.writeString(leftover, "half a row,");
        assertTrue(store.check().ok());
        store.append(SampleRows.rows(SampleRows.run("r2", "2025-01-08T00:00:00Z"), 13));
        assertFalse(Files.exists(leftover));
    }
}
