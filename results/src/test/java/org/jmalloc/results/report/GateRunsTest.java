package org.jmalloc.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jmalloc.results.importer.RunMetadata;
import org.jmalloc.results.importer.VerdictImporter;
import org.jmalloc.results.model.Params;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.RunInfo;
import org.jmalloc.results.model.RunKind;
import org.junit.jupiter.api.Test;

class GateRunsTest {

    private static final RunMetadata META = new RunMetadata(null, "", "pr-3", RunKind.GATE, "hw", "amd64", "Linux", 2,
            "25", "");

    private static List<ResultRow> verdict(String outcome, String baseline, String candidate, Instant finished) {
        String json = """
                {"schema": "jmalloc-gate-verdict/1", "outcome": "OUTCOME", "baseline": "BASE", "candidate": "CAND",
                 "metrics": [
                  {"benchmark": "MallocFreeLatency size=00064", "metric": "latency.avg.cpu", "unit": "ns/op",
                   "verdict": "OUTCOME", "ratio": 1.1,
                   "baseline": {"forks": 2, "median": 12.0, "samples": [11.9, 12.1]},
                   "candidate": {"forks": 2, "median": 13.2, "samples": [13.1, 13.3]}},
                  {"benchmark": "FragmentationFootprint", "metric": "footprint.rss_over_live", "unit": "ratio",
                   "verdict": "PASS", "ratio": null, "baseline": null,
                   "candidate": {"forks": 1, "median": 1.25, "samples": [1.25]}}]}
                """.replace("OUTCOME", outcome).replace("BASE", baseline).replace("CAND", candidate);
        return VerdictImporter.rows("gate.json", json.getBytes(StandardCharsets.UTF_8), finished, META);
    }

    @Test
    void eachVerdictRow_isPairedWithTheBaselineAndTheCandidateOfItsGate_newestGateFirst() {
        List<ResultRow> rows = new ArrayList<>(verdict("PASS", "aaa1", "bbb2", Instant.parse("2026-01-01T00:00:00Z")));
        rows.addAll(verdict("REGRESSION", "bbb2", "ccc3", Instant.parse("2026-01-02T00:00:00Z")));
        // A fork's JMH rows that ./lab gate also records: a gate run without a verdict.
        rows.add(new RunInfo("jmh-0123456789ab", Instant.parse("2026-01-03T00:00:00Z"), "ccc3", "pr-3", RunKind.GATE,
                "hw", "amd64", "Linux", 2, "25", "").row("org.jmalloc.X.y", Params.of(Map.of("size", "00064")),
                "latency.avg", "ns/op", 13.0, 0.1, List.of(13.0), "jmalloc"));

        List<GateRuns.Gate> gates = GateRuns.of(rows);

        assertEquals(2, gates.size(), gates.toString());
        GateRuns.Gate newest = gates.getFirst();
        assertEquals("REGRESSION", newest.outcome());
        assertEquals("bbb2", newest.baseline());
        assertEquals("ccc3", newest.candidate());
        assertEquals(List.of("FragmentationFootprint", "MallocFreeLatency"),
                newest.metrics().stream().map(GateRuns.Metric::benchmark).toList());
        GateRuns.Metric latency = newest.metrics().get(1);
        assertEquals("size=00064", latency.params().canonical(),
                "the verdict's own parameters are not the benchmark's");
        assertEquals("REGRESSION", latency.verdict());
        assertEquals(1.1, latency.ratio());
        assertEquals(List.of(11.9, 12.1), latency.baseline().orElseThrow().samples());
        assertEquals(List.of(13.1, 13.3), latency.candidate().orElseThrow().samples());
        assertEquals("ns/op", latency.unit());
        GateRuns.Metric footprint = newest.metrics().get(0);
        assertTrue(footprint.baseline().isEmpty() && Double.isNaN(footprint.ratio()), footprint.toString());
        assertEquals("PASS", gates.get(1).outcome());
    }

    @Test
    void chartsAreDrawnOnlyWhereBothSidesHaveForkSamples() {
        List<GateRuns.Gate> gates = GateRuns.of(verdict("PASS", "aaa1", "bbb2", Instant.EPOCH));
        List<GateTable.Chart> charts = GateTable.charts(gates);
        assertEquals(1, charts.size(), charts.toString());
        assertEquals("latency.avg.cpu", charts.getFirst().metric().metric());
        assertEquals("baseline aaa1", charts.getFirst().baselineLabel());
        assertTrue(charts.getFirst().baseName().matches("gate-MallocFreeLatency-latency\\.avg\\.cpu-[0-9a-f]{8}"),
                charts.getFirst().baseName());
    }
}
