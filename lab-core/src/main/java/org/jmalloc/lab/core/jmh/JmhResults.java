package org.jmalloc.lab.core.jmh;

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
import org.jmalloc.lab.core.metric.MetricCatalog;

/**
 * Reads JMH's JSON result format ({@code -rf json}) of every mode: an array of objects with {@code benchmark},
 * {@code mode}, {@code params}, the run's settings ({@code forks}, {@code threads}, {@code warmupIterations},
 * {@code warmupTime}, {@code warmupBatchSize}, {@code measurementIterations}, {@code measurementTime},
 * {@code measurementBatchSize}), its JVM ({@code jvm}, {@code jvmArgs}, {@code jdkVersion}, {@code vmName},
 * {@code vmVersion}), {@code primaryMetric} ({@code score}, {@code scoreError}, {@code scoreUnit},
 * {@code scorePercentiles}, and {@code rawData} per fork per iteration, or in sample mode {@code rawDataHistogram}
 * per fork per iteration as {@code [value, count]} pairs) and {@code secondaryMetrics} (the same shape, by name;
 * JMH before 1.37 put a middle dot {@code "·"} in front of the names, which is dropped). Other fields are ignored.
 *
 * <p>Required: {@code benchmark}, {@code mode}, {@code primaryMetric} with {@code score} and {@code scoreUnit}; the
 * rest may be missing (a count then reads 0, a text empty). Numbers may be JSON numbers or the strings {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"}, as JMH writes them.
 */
public final class JmhResults {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JmhResults() {
    }

    /**
     * The results in the file.
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when it is not JMH's JSON result format; the message starts with the file and
     *     names the result index and what is wrong
     */
    public static List<JmhResult> read(Path file) throws IOException {
        String text = Files.readString(file);
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The results in a JSON text.
     *
     * @throws IllegalArgumentException when it is not JMH's JSON result format (the message names the result index
     *     and what is wrong)
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
        List<JmhResult> results = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            results.add(result(root.get(i), i));
        }
        return results;
    }

    private static JmhResult result(JsonNode node, int index) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("result " + index + " is not a JSON object");
        }
        String benchmark = text(node, "benchmark", "result " + index);
        String where = "result " + index + " (" + benchmark + ")";
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode paramsNode = node.get("params");
        if (paramsNode != null && paramsNode.isObject()) {
            paramsNode.properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
        }
        Map<String, JmhMetric> secondary = new LinkedHashMap<>();
        JsonNode secondaryNode = node.get("secondaryMetrics");
        if (secondaryNode != null && secondaryNode.isObject()) {
            for (Map.Entry<String, JsonNode> e : secondaryNode.properties()) {
                String name = MetricCatalog.stripOldPrefix(e.getKey());
                secondary.put(name, metric(e.getValue(), where + " secondary metric " + name));
            }
        }
        JmhSettings settings = new JmhSettings(count(node, "forks", where), count(node, "threads", where),
                count(node, "warmupIterations", where), optionalText(node, "warmupTime", where),
                count(node, "warmupBatchSize", where), count(node, "measurementIterations", where),
                optionalText(node, "measurementTime", where), count(node, "measurementBatchSize", where));
        List<String> jvmArgs = new ArrayList<>();
        JsonNode args = node.get("jvmArgs");
        if (args != null && args.isArray()) {
            args.forEach(a -> jvmArgs.add(a.asText()));
        }
        JvmInfo jvm = new JvmInfo(optionalText(node, "jvm", where), jvmArgs, optionalText(node, "jdkVersion", where),
                optionalText(node, "vmName", where), optionalText(node, "vmVersion", where));
        return new JmhResult(optionalText(node, "jmhVersion", where), benchmark, text(node, "mode", where), params,
                settings, jvm, metric(node.get("primaryMetric"), where + " primaryMetric"), secondary);
    }

    private static JmhMetric metric(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + " is missing");
        }
        Map<String, Double> percentiles = new LinkedHashMap<>();
        JsonNode p = node.get("scorePercentiles");
        if (p != null && p.isObject()) {
            p.properties().forEach(e -> percentiles.put(e.getKey(),
                    number(e.getValue(), where + " percentile " + e.getKey())));
        }
        JsonNode error = node.get("scoreError");
        return new JmhMetric(number(node.get("score"), where + " score"),
                error == null ? Double.NaN : number(error, where + " scoreError"),
                text(node, "scoreUnit", where), percentiles, rawData(node.get("rawData"), where + " rawData"),
                histograms(node.get("rawDataHistogram"), where + " rawDataHistogram"));
    }

    private static List<List<Double>> rawData(JsonNode node, String where) {
        List<List<Double>> forks = new ArrayList<>();
        for (int f = 0; node != null && f < array(node, where).size(); f++) {
            String fork = where + " fork " + (f + 1);
            JsonNode iterations = array(node.get(f), fork);
            List<Double> values = new ArrayList<>(iterations.size());
            for (int i = 0; i < iterations.size(); i++) {
                values.add(number(iterations.get(i), fork + " iteration " + (i + 1)));
            }
            forks.add(values);
        }
        return forks;
    }

    private static List<List<SampleHistogram>> histograms(JsonNode node, String where) {
        List<List<SampleHistogram>> forks = new ArrayList<>();
        for (int f = 0; node != null && f < array(node, where).size(); f++) {
            String fork = where + " fork " + (f + 1);
            JsonNode iterations = array(node.get(f), fork);
            List<SampleHistogram> histograms = new ArrayList<>(iterations.size());
            for (int i = 0; i < iterations.size(); i++) {
                String iteration = fork + " iteration " + (i + 1);
                JsonNode pairs = array(iterations.get(i), iteration);
                List<SampleHistogram.Bin> bins = new ArrayList<>(pairs.size());
                for (JsonNode pair : pairs) {
                    if (!pair.isArray() || pair.size() != 2 || !pair.get(1).canConvertToLong()) {
                        throw new IllegalArgumentException(iteration + " has " + pair
                                + " where a [value, count] pair belongs");
                    }
                    bins.add(new SampleHistogram.Bin(number(pair.get(0), iteration + " value"),
                            pair.get(1).longValue()));
                }
                try {
                    histograms.add(new SampleHistogram(bins));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(iteration + ": " + e.getMessage(), e);
                }
            }
            forks.add(histograms);
        }
        return forks;
    }

    private static JsonNode array(JsonNode node, String where) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException(where + " is not an array: " + node);
        }
        return node;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(where + " has no text field \"" + field + "\"");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(where + " field \"" + field + "\" is not text: " + value);
        }
        return value.asText();
    }

    private static int count(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 0) {
            throw new IllegalArgumentException(where + " field \"" + field + "\" is not a count: " + value);
        }
        return value.intValue();
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
