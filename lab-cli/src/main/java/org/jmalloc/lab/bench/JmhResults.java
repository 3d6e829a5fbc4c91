package org.jmalloc.lab.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JMH's JSON result format ({@code -rf json}): an array of objects with {@code benchmark}, {@code mode},
 * {@code params}, {@code primaryMetric} ({@code score}, {@code scoreError}, {@code scoreUnit},
 * {@code scorePercentiles}) and {@code secondaryMetrics} (the same shape, by name). Other fields are ignored.
 * Numbers may be JSON numbers or the strings {@code "NaN"}, {@code "Infinity"}, as JMH writes them.
 */
public final class JmhResults {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JmhResults() {
    }

    /**
     * The results in the file.
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when it is not JMH's JSON result format (the message says what is wrong)
     */
    public static List<JmhResult> read(Path file) throws IOException {
        try {
            return parse(Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The results in a JSON text.
     *
     * @throws IllegalArgumentException when it is not JMH's JSON result format (the message says what is wrong)
     */
    public static List<JmhResult> parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("not a JMH result file: expected a JSON array of results");
        }
        List<JmhResult> results = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            String where = "result " + i;
            String benchmark = text(node, "benchmark", where);
            where = "result " + i + " (" + benchmark + ")";
            Map<String, String> params = new LinkedHashMap<>();
            JsonNode paramsNode = node.get("params");
            if (paramsNode != null && paramsNode.isObject()) {
                paramsNode.properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            }
            Map<String, JmhResult.Metric> secondary = new LinkedHashMap<>();
            JsonNode secondaryNode = node.get("secondaryMetrics");
            if (secondaryNode != null && secondaryNode.isObject()) {
                for (Map.Entry<String, JsonNode> e : secondaryNode.properties()) {
                    String name = e.getKey().startsWith("\u00b7") ? e.getKey().substring(1) : e.getKey();
                    secondary.put(name, metric(e.getValue(), where + " secondary metric " + name));
                }
            }
            results.add(new JmhResult(benchmark, text(node, "mode", where), params,
                    metric(node.get("primaryMetric"), where + " primaryMetric"), secondary));
        }
        return results;
    }

    private static JmhResult.Metric metric(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + " is missing");
        }
        Map<String, Double> percentiles = new LinkedHashMap<>();
        JsonNode p = node.get("scorePercentiles");
        if (p != null && p.isObject()) {
            p.properties().forEach(e -> percentiles.put(e.getKey(), number(e.getValue(), where + " percentile")));
        }
        JsonNode error = node.get("scoreError");
        return new JmhResult.Metric(number(node.get("score"), where + " score"),
                error == null ? Double.NaN : number(error, where + " scoreError"),
                text(node, "scoreUnit", where), percentiles);
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(where + " has no text field \"" + field + "\"");
        }
        return value.asText();
    }

    private static double number(JsonNode value, String where) {
        if (value != null && value.isNumber()) {
            return value.doubleValue();
        }
        if (value != null && value.isTextual()) {
            switch (value.asText()) {
                case "NaN" -> {
                    return Double.NaN;
                }
                case "Infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-Infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> {
                }
            }
        }
        throw new IllegalArgumentException(where + " is not a number: " + value);
    }
}
