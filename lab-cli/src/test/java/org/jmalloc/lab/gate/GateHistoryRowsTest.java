package org.jmalloc.lab.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jmalloc.results.importer.RunMetadata;
import org.jmalloc.results.importer.VerdictImporter;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.RunKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code ./lab gate} appends to the history from its output directory. */
class GateHistoryRowsTest {

    private static final RunMetadata META = new RunMetadata(null, "", "pr-3", RunKind.GATE, "hw", "amd64",
            "Linux", 2, "25", "");

    @TempDir
    Path dir;

    @Test
    void theVerdictFile_givesBothSidesAndAVerdictRowPerGuardedMetric() throws Exception {
        Files.writeString(dir.resolve("gate.json"), """
                {"schema": "jmalloc-gate-verdict/1", "outcome": "REGRESSION",
                 "baseline": "3f2a1c0 (merge-base with main)", "candidate": "9b8e7d6 + uncommitted changes", "metrics": [
                  {"benchmark": "MallocFreeLatency size=00064", "metric": "latency.avg.cpu", "unit": "ns/op",
                   "verdict": "REGRESSION", "ratio": 1.1,
                   "baseline": {"forks": 2, "median": 12.0, "samples": [11.9, 12.1]},
                   "candidate": {"forks": 2, "median": 13.2, "samples": [13.1, 13.3]}}]}
                """);
        List<ResultRow> rows = GateCommand.historyRows(dir.resolve("forks"), dir.resolve("gate.json"),
                Instant.parse("2026-01-01T00:00:00Z"), META, "3f2a1c0aaaa", "9b8e7d6bbbb");
        assertEquals(3, rows.size(), rows.toString());
        assertTrue(rows.stream().allMatch(r -> r.kind() == RunKind.GATE), rows.toString());
        ResultRow verdict = rows.stream().filter(r -> r.runId().endsWith(VerdictImporter.VERDICT_SUFFIX))
                .findFirst().orElseThrow();
        assertEquals("REGRESSION", verdict.params().get(VerdictImporter.VERDICT_PARAM));
        assertEquals("9b8e7d6", verdict.commit());
        assertEquals(1.1, verdict.value());
    }

    @Test
    void noOutput_givesNoRows() throws Exception {
        assertEquals(List.of(), GateCommand.historyRows(dir.resolve("forks"), dir.resolve("gate.json"),
                Instant.EPOCH, META, "a", "b"));
    }
}
