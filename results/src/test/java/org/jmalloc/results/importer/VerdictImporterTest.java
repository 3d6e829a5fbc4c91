package org.jmalloc.results.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.RunKind;
import org.jmalloc.results.testing.Golden;
import org.junit.jupiter.api.Test;

/** Gate verdicts (schema jmalloc-gate-verdict/1 as guardrails/README.md documents it) as history rows. */
class VerdictImporterTest {

    private static final Instant FINISHED = Instant.parse("2025-01-07T02:15:00Z");

    private static List<ResultRow> rows(byte[] content) {
        return VerdictImporter.rows("gate.json", content, FINISHED, JmhImporterTest.META);
    }

    @Test
    void aVerdict_givesTheBaselinesAndTheCandidatesFiguresAsTwoGateRuns() {
        byte[] content = Golden.bytes(VerdictImporterTest.class, "gate-verdict.json");
        assertEquals(Format.VERDICT, Format.detect("gate.json", content));
        List<ResultRow> rows = rows(content);
        assertEquals(4, rows.size(), "two guarded metrics, two sides; the NEW entry has no figure");
        ResultRow base = rows.get(0);
        ResultRow cand = rows.get(1);
        assertEquals("3f2a1c0", base.commit());
        assertEquals("9b8e7d6", cand.commit());
        assertTrue(base.runId().endsWith("-baseline") && cand.runId().endsWith("-candidate"));
        assertEquals(RunKind.GATE, cand.kind());
        assertEquals("MallocFreeLatency", cand.benchmark());
        assertEquals("size=00064", cand.params().canonical());
        assertEquals("latency.avg.cpu", cand.metric());
        assertEquals(13.3, cand.value());
        assertEquals(List.of(13.3, 13.4, 13.2, 13.3), cand.samples());
        assertEquals("footprint.rss_over_live", rows.get(3).metric());
        assertEquals(rows, rows(content), "the same file is the same runs");
    }

    @Test
    void aNewerSchema_isRefusedWithWhatToDo() {
        byte[] content = new String(Golden.bytes(VerdictImporterTest.class, "gate-verdict.json"),
                StandardCharsets.UTF_8).replace("jmalloc-gate-verdict/1", "jmalloc-gate-verdict/2")
                .getBytes(StandardCharsets.UTF_8);
        ImportException e = assertThrows(ImportException.class, () -> rows(content));
        assertTrue(e.getMessage().contains("a newer lab wrote it; update this lab"), e.getMessage());
    }

    @Test
    void aMalformedEntry_namesIt() {
        ImportException e = assertThrows(ImportException.class, () -> rows(("{\"schema\":\"jmalloc-gate-verdict/1\","
                + "\"baseline\":\"a\",\"candidate\":\"b\",\"metrics\":[{\"benchmark\":\"X\",\"unit\":\"u\"}]}")
                .getBytes(StandardCharsets.UTF_8)));
        assertEquals("gate.json: metrics[0] has no text field \"metric\"", e.getMessage());
    }
}
