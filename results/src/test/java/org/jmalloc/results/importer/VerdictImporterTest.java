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
    void aVerdict_givesTheBaselinesAndTheCandidatesFiguresAndTheVerdictsAsThreeGateRuns() {
        byte[] content = Golden.bytes(VerdictImporterTest.class, "gate-verdict.json");
        assertEquals(Format.VERDICT, Format.detect("gate.json", content));
        List<ResultRow> rows = rows(content);
        assertEquals(6, rows.size(), "two guarded metrics, two sides and a verdict each; the NEW entry has no metric");
        ResultRow base = rows.get(0);
        ResultRow cand = rows.get(1);
        ResultRow verdict = rows.get(2);
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
        String id = base.runId().substring(0, base.runId().length() - "-baseline".length());
        assertEquals(id + "-verdict", verdict.runId());
        assertEquals(id + "-candidate", cand.runId());
        assertEquals("9b8e7d6", verdict.commit(), "a verdict is the candidate's");
        assertEquals(RunKind.GATE, verdict.kind());
        assertEquals("gate.outcome=REGRESSION,gate.verdict=REGRESSION,size=00064", verdict.params().canonical());
        assertEquals("latency.avg.cpu", verdict.metric());
        assertEquals("ratio", verdict.unit());
        assertEquals(1.108, verdict.value());
        assertEquals(List.of(), verdict.samples());
        assertEquals("gate.outcome=REGRESSION,gate.verdict=PASS", rows.get(5).params().canonical());
        assertEquals(rows, rows(content), "the same file is the same runs");
    }

    @Test
    void aVerdictWithoutRatio_hasNaN_andARatioThatIsNoNumber_isNamed() {
        String json = "{\"schema\":\"jmalloc-gate-verdict/1\",\"outcome\":\"INCONCLUSIVE\",\"baseline\":\"a\","
                + "\"candidate\":\"b\",\"metrics\":[{\"benchmark\":\"X\",\"metric\":\"latency.avg\",\"unit\":\"ns/op\","
                + "\"verdict\":\"INCONCLUSIVE\",\"baseline\":null,\"candidate\":null,\"ratio\":RATIO}]}";
        List<ResultRow> rows = rows(json.replace("RATIO", "null").getBytes(StandardCharsets.UTF_8));
        assertEquals(1, rows.size(), "no side has figures: the verdict row alone");
        assertTrue(Double.isNaN(rows.getFirst().value()));
        ImportException e = assertThrows(ImportException.class,
                () -> rows(json.replace("RATIO", "\"fast\"").getBytes(StandardCharsets.UTF_8)));
        assertEquals("gate.json: metrics[0]: \"ratio\" \"fast\" is not a number", e.getMessage());
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
                + "\"outcome\":\"PASS\",\"baseline\":\"a\",\"candidate\":\"b\","
                + "\"metrics\":[{\"benchmark\":\"X\",\"unit\":\"u\"}]}")
                .getBytes(StandardCharsets.UTF_8)));
        assertEquals("gate.json: metrics[0] has no text field \"metric\"", e.getMessage());
    }
}
