package org.jmalloc.results.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.jmalloc.results.model.Params;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.RunInfo;
import org.jmalloc.results.model.RunKind;

/**
 * A guardrail verdict ({@code ./lab gate}'s {@code gate.json}, schema {@value #SCHEMA}, documented in
 * {@code guardrails/README.md}) as history rows: two runs of kind {@code gate}, the baseline's and the
 * candidate's, each with one row per guarded metric: value the side's median, samples its per-fork values. The
 * benchmark is the verdict's label ({@code MallocFreeLatency size=00064}: the class's short name, then the
 * parameters, which become the row's params). Entries for NEW or CHANGED benchmarks (metric {@code *}) and sides
 * without figures are skipped; the verdicts themselves (PASS, REGRESSION, ...) are judgements, not figures, and stay
 * in the verdict file. Run ids are {@code gate-<hash of the file>-baseline} and {@code ...-candidate}.
 */
public final class VerdictImporter {

    /** The verdict schema this reads; a newer version is refused. */
    public static final String SCHEMA = "jmalloc-gate-verdict/1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private VerdictImporter() {
    }

    /**
     * The rows of a verdict file.
     *
     * @throws ImportException naming the field that is missing or wrong, or the unknown schema
     */
    public static List<ResultRow> rows(String file, byte[] content, Instant finished, RunMetadata meta) {
        JsonNode root;
        try {
            root = JSON.readTree(new String(content, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new ImportException(file, "not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ImportException(file, "not a gate verdict: expected a JSON object");
        }
        String schema = root.path("schema").asText("");
        if (!schema.equals(SCHEMA)) {
            throw new ImportException(file, "verdict schema '" + schema + "' is not " + SCHEMA + (schema.startsWith(
                    "jmalloc-gate-verdict/") ? ": a newer lab wrote it; update this lab (git pull) to import it"
                    : ": not a gate verdict"));
        }
        String id = RunMetadata.contentRunId("gate", content);
        RunMetadata gate = new RunMetadata(meta.time(), meta.commit(), meta.branch(), RunKind.GATE,
                meta.hardwareProfile(), meta.arch(), meta.os(), meta.cpus(), meta.jdk(), meta.jvmFlags());
        RunInfo baseline = gate.withCommit(commit(root, "baseline", file), meta.branch())
                .run(id + "-baseline", finished, "", "");
        RunInfo candidate = gate.withCommit(commit(root, "candidate", file), meta.branch())
                .run(id + "-candidate", finished, "", "");
        JsonNode metrics = root.path("metrics");
        if (!metrics.isArray()) {
            throw new ImportException(file, "field \"metrics\" is not an array");
        }
        List<ResultRow> rows = new ArrayList<>();
        for (int i = 0; i < metrics.size(); i++) {
            JsonNode m = metrics.get(i);
            String where = "metrics[" + i + "]";
            String metric = text(m, "metric", where, file);
            if (metric.equals("*")) {
                continue; // a NEW or CHANGED benchmark: no figure
            }
            String[] label = text(m, "benchmark", where, file).strip().split("\\s+");
            TreeMap<String, String> params = new TreeMap<>();
            for (int p = 1; p < label.length; p++) {
                int eq = label[p].indexOf('=');
                if (eq <= 0) {
                    throw new ImportException(file, where + " benchmark label: '" + label[p] + "' is not name=value");
                }
                params.put(label[p].substring(0, eq), label[p].substring(eq + 1));
            }
            String unit = text(m, "unit", where, file);
            side(rows, baseline, m.get("baseline"), label[0], new Params(params), metric, unit, where, file);
            side(rows, candidate, m.get("candidate"), label[0], new Params(params), metric, unit, where, file);
        }
        return rows;
    }

    private static void side(List<ResultRow> rows, RunInfo run, JsonNode side, String benchmark, Params params,
            String metric, String unit, String where, String file) {
        if (side == null || side.isNull() || side.path("median").isNull() || side.path("median").isMissingNode()) {
            return;
        }
        if (!side.path("median").isNumber() || !side.path("samples").isArray()) {
            throw new ImportException(file, where + ": a side needs a number \"median\" and an array \"samples\"");
        }
        List<Double> samples = new ArrayList<>();
        for (JsonNode s : side.get("samples")) {
            if (!s.isNumber()) {
                throw new ImportException(file, where + ": sample " + s + " is not a number");
            }
            samples.add(s.doubleValue());
        }
        try {
            rows.add(run.row(benchmark, params, metric, unit, side.get("median").doubleValue(), Double.NaN, samples,
                    JmhImporter.DEFAULT_IMPLEMENTATION));
        } catch (IllegalArgumentException e) {
            throw new ImportException(file, where + ": " + e.getMessage());
        }
    }

    private static String commit(JsonNode root, String field, String file) {
        JsonNode v = root.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new ImportException(file, "field \"" + field + "\" is not the commit text");
        }
        return v.asText().strip().split("\\s+")[0];
    }

    private static String text(JsonNode node, String field, String where, String file) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new ImportException(file, where + " has no text field \"" + field + "\"");
        }
        return v.asText();
    }
}
