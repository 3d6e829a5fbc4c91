package org.jmalloc.results.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.jmalloc.results.importer.Format;
import org.jmalloc.results.importer.ImportException;
import org.jmalloc.results.importer.JmhImporter;
import org.jmalloc.results.importer.OtavaCsv;
import org.jmalloc.results.importer.RunMetadata;
import org.jmalloc.results.model.Params;
import org.jmalloc.results.model.RunKind;
import org.jmalloc.results.store.CheckReport;
import org.jmalloc.results.store.HistoryException;
import org.jmalloc.results.store.HistorySnapshot;
import org.jmalloc.results.store.Problem;
import org.jmalloc.results.store.csv.CsvHistoryStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The history's readers on arbitrary bytes: the CSV store reads a file of them or reports each defect as a
 * {@link Problem} with its file, line and reason (only a newer schema version is refused, with that message); the Otava CSV and JMH JSON importers either return rows or throw
 * {@link ImportException} with at least one located problem, never another exception.
 *
 * <p>Under {@code mvn verify} this replays the saved inputs in
 * {@code src/test/resources/org/jmalloc/results/fuzz/ReadersFuzzTestInputs/}; {@code -Pfuzz} fuzzes
 * ({@code JAZZER_FUZZ=1}) for {@code fuzz.duration}. A finding is saved there as {@code crash-<sha1>} and becomes a
 * regression test.
 */
class ReadersFuzzTest {

    private static final RunMetadata META = new RunMetadata(Instant.parse("2025-01-01T00:00:00Z"), "c", "main",
            RunKind.LOCAL, "hw", "amd64", "Linux", 2, "25", "");
    private static final OtavaCsv.Options OTAVA = new OtavaCsv.Options("otava.fuzz", Params.NONE, "", "jmalloc",
            OtavaCsv.TIME, Set.of());

    private static Path dir;

    @BeforeAll
    static void historyDirectory() throws IOException {
        dir = Files.createTempDirectory("history-fuzz");
    }

    @AfterAll
    static void removeHistoryDirectory() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @FuzzTest(maxDuration = "5m")
    void historyCsvFile_isReadOrEveryProblemLocated(byte[] data) throws IOException {
        Path shard = dir.resolve("2025-01.csv");
        Files.write(shard, data);
        CsvHistoryStore store = new CsvHistoryStore(dir);
        CheckReport report = store.check();
        for (Problem p : report.problems()) {
            assertEquals(shard.toString(), p.location(), p::toString);
            assertFalse(p.reason().isBlank(), p::toString);
            assertTrue(p.line() >= 0, p::toString);
        }
        try {
            HistorySnapshot snapshot = store.read();
            assertEquals(report.rows(), snapshot.rows().size());
        } catch (HistoryException e) {
            assertTrue(e.getMessage().contains("schema version"), e::getMessage); // only a newer schema is refused
        }
    }

    @FuzzTest(maxDuration = "5m")
    void otavaCsv_givesRowsOrTheClearError(byte[] data) {
        try {
            OtavaCsv.read("fuzz.csv", data, OTAVA, META);
        } catch (ImportException e) {
            assertClear(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void jmhJson_givesRowsOrTheClearError(byte[] data) {
        try {
            JmhImporter.rows("fuzz.json", data, Instant.EPOCH, META);
        } catch (ImportException e) {
            assertClear(e);
        }
        try {
            Format.detect("fuzz", data);
        } catch (ImportException e) {
            assertClear(e);
        }
    }

    private static void assertClear(ImportException e) {
        assertFalse(e.problems().isEmpty());
        for (Problem p : e.problems()) {
            assertTrue(p.location().startsWith("fuzz"), p::toString);
            assertFalse(p.reason().isBlank(), p::toString);
        }
    }
}
