package org.jmalloc.lab.stress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jmalloc.stress.StressResult;
import org.jmalloc.stress.WorkloadResult;

/**
 * A stress run's summary as JSON, {@code {"workloads": [{"workload", "threads", "seed", "nanos", "ops",
 * "violationCount"}, ...]}}: the shape the results history's stress importer reads.
 */
public final class StressSummary {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StressSummary() {
    }

    /** The summary's UTF-8 JSON. */
    public static byte[] json(StressResult result) {
        List<Map<String, Object>> workloads = result.workloads().stream().map(StressSummary::workload).toList();
        try {
            return JSON.writeValueAsString(Map.of("workloads", workloads)).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of numbers and strings always serialise", e);
        }
    }

    private static Map<String, Object> workload(WorkloadResult w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", w.workload());
        m.put("threads", w.threads());
        m.put("seed", w.seed());
        m.put("nanos", w.nanos());
        m.put("ops", w.ops());
        m.put("violationCount", w.violationCount());
        return m;
    }
}
