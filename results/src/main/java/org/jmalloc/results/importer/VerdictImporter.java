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
 * {@code guardrails/README.md}) as history rows, in three runs of kind {@code gate} whose ids share the prefix
 * {@code gate-<hash of the file>}:
 * <ul>
 *   <li>{@code ...}{@value #BASELINE_SUFFIX} and {@code ...}{@value #CANDIDATE_SUFFIX}, under the baseline's and the
 *       candidate's commit: one row per guarded metric, value the side's median, samples its per-fork values;</li>
 *   <li>{@code ...}{@value #VERDICT_SUFFIX}, under the candidate's commit: one row per guarded metric, value the
 *       ratio candidate/baseline (unit {@value #RATIO_UNIT}, NaN when the file has none), and the judgements in two
 *       parameters beside the benchmark's own: {@value #VERDICT_PARAM} (the metric's verdict as written, e.g.
 *       {@code REGRESSION}) and {@value #OUTCOME_PARAM} (the gate's outcome). A JMH parameter name cannot hold a
 *       dot, so these never meet a benchmark's parameter.</li>
 * </ul>
 * The benchmark is the verdict's label ({@code MallocFreeLatency size=00064}: the class's short name, then the
 * parameters, which become the row's params). Entries for NEW or CHANGED benchmarks (metric {@code *}) have no
 * metric and give no row; a side without figures gives no row of its side.
 */
public final class VerdictImporter {

    /** The verdict schema this reads; a newer version is refused. */
    public static final String SCHEMA = "jmalloc-gate-verdict/1";
    /** Run id suffix of the baseline's figures. */
    public static final String BASELINE_SUFFIX = "-baseline";
    /** Run id suffix of the candidate's figures. */
    public static final String CANDIDATE_SUFFIX = "-candidate";
    /** Run id suffix of the verdict rows. */
    public static final String VERDICT_SUFFIX = "-verdict";
    /** The parameter of a verdict row that holds the metric's verdict. */
    public static final String VERDICT_PARAM = "gate.verdict";
    /** The parameter of a verdict row that holds the gate's outcome. */
    public static final String OUTCOME_PARAM = "gate.outcome";
    /** The unit of a verdict row's value, the ratio candidate/baseline. */
    public static final String RATIO_UNIT = "ratio";

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
        String candidateCommit = commit(root, "candidate", file);
        RunInfo baseline = gate.withCommit(commit(root, "baseline", file), meta.branch())
                .run(id + BASELINE_SUFFIX, finished, "", "");
        RunInfo candidate = gate.withCommit(candidateCommit, meta.branch())
                .run(id + CANDIDATE_SUFFIX, finished, "", "");
        RunInfo verdicts = gate.withCommit(candidateCommit, meta.branch()).run(id + VERDICT_SUFFIX, finished, "", "");
        String outcome = text(root, "outcome", "the verdict", file);
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
            Params judged = new Params(params).with(VERDICT_PARAM, text(m, "verdict", where, file))
                    .with(OUTCOME_PARAM, outcome);
            double ratio = ratio(m, where, file);
            try {
                rows.add(verdicts.row(label[0], judged, metric, RATIO_UNIT, ratio, Double.NaN,
                        List.of(), JmhImporter.DEFAULT_IMPLEMENTATION));
            } catch (IllegalArgumentException e) {
                throw new ImportException(file, where + ": " + e.getMessage());
            }
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

    private static double ratio(JsonNode m, String where, String file) {
        JsonNode ratio = m.get("ratio");
        if (ratio == null || ratio.isNull()) {
            return Double.NaN;
        }
        if (!ratio.isNumber()) {
            throw new ImportException(file, where + ": \"ratio\" " + ratio + " is not a number");
        }
        return ratio.doubleValue();
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
