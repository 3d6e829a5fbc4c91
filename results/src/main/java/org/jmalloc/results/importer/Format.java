package org.jmalloc.results.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The file formats {@code ./lab history import} reads. */
public enum Format {
    /** JMH's JSON result file ({@code -rf json}): a JSON array of results. */
    JMH,
    /** {@code ./lab stress --json}'s summary: a JSON object with a {@code workloads} array. */
    STRESS,
    /** Apache Otava's CSV layout: a header with a time column, attributes, one column per metric. */
    OTAVA,
    /** A guardrail verdict ({@code ./lab gate}'s {@code gate.json}). */
    VERDICT;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The name on the command line, e.g. {@code jmh}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The format of a file's content, told by its shape: a JSON array of objects with {@code benchmark} is JMH's; a
     * JSON object with {@code workloads} is a stress summary, one with a {@code jmalloc-gate-verdict/N} schema a
     * guardrail verdict; text
     * whose first line is a CSV header is Otava's layout.
     *
     * @throws ImportException when it is none of them (the message says what it looks like and what is accepted)
     */
    public static Format detect(String file, byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8).stripLeading();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1).stripLeading();
        }
        if (text.isEmpty()) {
            throw new ImportException(file, "the file is empty");
        }
        if (text.startsWith("[") || text.startsWith("{")) {
            JsonNode root;
            try {
                root = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new ImportException(file, "looks like JSON but is not: " + e.getOriginalMessage());
            }
            if (root != null && root.isArray() && (root.isEmpty() || root.get(0).has("benchmark"))) {
                return JMH;
            }
            if (root != null && root.isObject() && root.has("workloads")) {
                return STRESS;
            }
            if (root != null && root.isObject()
                    && root.path("schema").asText("").startsWith("jmalloc-gate-verdict/")) {
                return VERDICT;
            }
            throw new ImportException(file, "a JSON file of no known kind: expected JMH's result array, a stress"
                    + " summary (an object with \"workloads\") or a guardrail verdict (schema jmalloc-gate-verdict/N);"
                    + " give --format to say which");
        }
        if (text.startsWith("# jmalloc results history")) {
            throw new ImportException(file, "this is a file of a history, not a result to import: merge its"
                    + " directory with ./lab history merge DIR");
        }
        if (text.lines().findFirst().orElse("").contains(",")) {
            return OTAVA;
        }
        throw new ImportException(file, "not a result file this lab reads: expected JMH JSON, a stress summary,"
                + " a guardrail verdict or Otava CSV (" + names() + ")");
    }

    /**
     * The format named on the command line.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Format parse(String name) {
        for (Format f : values()) {
            if (f.id().equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + name + "': expected one of " + names());
    }

    private static String names() {
        return Arrays.stream(values()).map(Format::id).collect(Collectors.joining(", "));
    }
}
