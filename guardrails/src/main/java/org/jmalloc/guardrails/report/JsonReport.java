package org.jmalloc.guardrails.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jmalloc.guardrails.verdict.GateResult;
import org.jmalloc.guardrails.verdict.MetricVerdict;

/**
 * The verdict as JSON, schema {@value #SCHEMA} (documented field by field in {@code guardrails/README.md}; the
 * results store imports it). Numbers are JSON numbers; a value that does not exist (a deterministic metric's
 * p-value, a ratio over a baseline of 0) is {@code null}. Field order is fixed, so the file diffs well.
 */
public final class JsonReport {

    /** The schema's name and version; a change that removes or renames a field gets a new version. */
    public static final String SCHEMA = "jmalloc-gate-verdict/1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonReport() {
    }

    public static String render(GateResult r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("outcome", r.outcome().name());
        root.put("exitCode", r.outcome().exitCode());
        root.put("baseline", r.baseline());
        root.put("candidate", r.candidate());
        root.put("mode", r.mode());
        root.put("instrument", r.instrument());
        root.put("seed", r.seed());
        root.put("wallSeconds", r.wallSeconds());
        ArrayNode notes = root.putArray("notes");
        r.notes().forEach(notes::add);
        ArrayNode metrics = root.putArray("metrics");
        for (MetricVerdict v : r.verdicts()) {
            ObjectNode m = metrics.addObject();
            m.put("benchmark", v.benchmark());
            m.put("metric", v.metric());
            m.put("unit", v.unit());
            m.put("rule", v.rule());
            m.put("kind", v.kind().name().toLowerCase(java.util.Locale.ROOT));
            m.put("verdict", v.verdict().name());
            side(m.putObject("baseline"), v.baseline(), v.baselineSamples());
            side(m.putObject("candidate"), v.candidate(), v.candidateSamples());
            number(m, "ratio", v.ratio());
            if (v.interval() == null) {
                m.putNull("interval");
            } else {
                ObjectNode i = m.putObject("interval");
                i.put("low", v.interval().low());
                i.put("high", v.interval().high());
                i.put("confidence", v.interval().confidence());
            }
            number(m, "pValue", v.pValue());
            number(m, "pAdjusted", v.pAdjusted());
            m.put("threshold", v.threshold());
            m.put("explanation", v.explanation());
        }
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return JSON.writer(printer).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the verdict as JSON", e);
        }
    }

    private static void side(ObjectNode node, double median, double[] samples) {
        node.put("forks", samples.length);
        number(node, "median", median);
        ArrayNode values = node.putArray("samples");
        for (double s : samples) {
            values.add(s);
        }
    }

    private static void number(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, value);
        } else {
            node.putNull(name);
        }
    }
}
