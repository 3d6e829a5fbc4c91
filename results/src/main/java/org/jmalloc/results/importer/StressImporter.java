package org.jmalloc.results.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jmalloc.lab.core.metric.MetricCatalog;
import org.jmalloc.results.model.Params;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.RunInfo;

/**
 * A stress run's summary as history rows: per workload, benchmark {@code stress.<workload>} with parameter
 * {@code threads}, metric {@value MetricCatalog#STRESS_VIOLATIONS} (unit {@code count}), implementation
 * {@code jmalloc}. A stress run is not a benchmark (its checks cost as much as the allocator), so its operation
 * rate is not recorded as a performance figure. The run id is {@code stress-<hash of the file>}.
 *
 * <p>The summary is a JSON object {@code {"workloads": [{"workload": "larson", "threads": 2,
 * "violationCount": 0, ...}, ...]}}; other fields are ignored.
 */
public final class StressImporter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StressImporter() {
    }

    /**
     * The rows of a stress summary.
     *
     * @throws ImportException naming the workload entry and field that is missing or wrong
     */
    public static List<ResultRow> rows(String file, byte[] content, Instant finished, RunMetadata meta) {
        JsonNode root;
        try {
            root = JSON.readTree(new String(content, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new ImportException(file, "not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.path("workloads").isArray()) {
            throw new ImportException(file, "not a stress summary: expected a JSON object with a \"workloads\""
                    + " array");
        }
        RunInfo run = meta.run(RunMetadata.contentRunId("stress", content), finished, "", "");
        List<ResultRow> rows = new ArrayList<>();
        JsonNode workloads = root.get("workloads");
        for (int i = 0; i < workloads.size(); i++) {
            JsonNode w = workloads.get(i);
            String where = "workloads[" + i + "]";
            JsonNode name = w.get("workload");
            if (name == null || !name.isTextual() || name.asText().isBlank()) {
                throw new ImportException(file, where + " has no text field \"workload\"");
            }
            long violations = count(file, w, "violationCount", where);
            long threads = count(file, w, "threads", where);
            rows.add(run.row("stress." + name.asText(), Params.of(Map.of("threads", Long.toString(threads))),
                    MetricCatalog.STRESS_VIOLATIONS, "count", violations, Double.NaN, List.of(),
                    JmhImporter.DEFAULT_IMPLEMENTATION));
        }
        return rows;
    }

    private static long count(String file, JsonNode w, String field, String where) {
        JsonNode v = w.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
            throw new ImportException(file, where + " field \"" + field + "\" is not a count (0 or more): " + v);
        }
        return v.asLong();
    }
}
