package org.jmalloc.guardrails.config;

import org.jmalloc.lab.core.metric.Direction;
import org.jmalloc.lab.core.metric.MetricKind;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Reads the thresholds format with Jackson's streaming YAML parser, so that every error names the line of the key
 * it is about:
 *
 * <pre>{@code
 * confidence: 99%              # default confidence of noisy rules
 * rules:                       # ordered: the first matching rule guards a metric
 *   - name: latency            # unique
 *     benchmark: "*Latency*"   # glob over the JMH benchmark name (default "*")
 *     metric: latency.*        # glob over the metric name
 *     direction: lower         # lower | higher (is better)
 *     kind: noisy              # noisy | deterministic
 *     relative: 5%             # relative bound (a percentage) ...
 *     absolute: 20             # ... and/or absolute bound, in the metric's unit
 *     confidence: 99%          # noisy rules only (default: the top-level one)
 * }</pre>
 */
final class ThresholdsReader {

    private static final Set<String> TOP_KEYS = Set.of("confidence", "rules");
    private static final List<String> RULE_KEYS =
            List.of("name", "benchmark", "metric", "direction", "kind", "relative", "absolute", "confidence");

    private final String source;

    ThresholdsReader(String source) {
        this.source = source;
    }

    List<Rule> read(String yaml) {
        try (JsonParser p = new YAMLFactory().createParser(yaml)) {
            return top(p);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ConfigException(source, line, "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(source, 0, "cannot parse: " + e.getMessage());
        }
    }

    private List<Rule> top(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw error(p, "expected a mapping with 'rules:' at the top level");
        }
        double confidence = 0.99;
        List<Map<String, Scalar>> raw = null;
        int rulesLine = line(p);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            int keyLine = line(p);
            p.nextToken();
            switch (key) {
                case "confidence" -> confidence = confidence(new Scalar(p.getText(), keyLine), "top level");
                case "rules" -> {
                    rulesLine = keyLine;
                    raw = rules(p);
                }
                default -> throw new ConfigException(source, keyLine, "unknown key '" + key + "' (known: "
                        + String.join(", ", TOP_KEYS.stream().sorted().toList()) + ")");
            }
        }
        if (raw == null) {
            throw new ConfigException(source, rulesLine, "no 'rules:' list");
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Map<String, Scalar> fields : raw) {
            Rule rule = rule(fields, confidence);
            if (!names.add(rule.name())) {
                throw new ConfigException(source, fields.get("name").line(), "rule name '" + rule.name()
                        + "' is used twice: names must be unique");
            }
            rules.add(rule);
        }
        return rules;
    }

    private List<Map<String, Scalar>> rules(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw error(p, "'rules' must be a list of rules (each starting with '- name: ...')");
        }
        List<Map<String, Scalar>> rules = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw error(p, "a rule must be a mapping of keys (name, metric, direction, ...), not '"
                        + p.getText() + "'");
            }
            Map<String, Scalar> fields = new LinkedHashMap<>();
            fields.put("", new Scalar(null, line(p)));
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = line(p);
                if (!RULE_KEYS.contains(key)) {
                    throw new ConfigException(source, keyLine, "unknown rule key '" + key + "' (known: "
                            + String.join(", ", RULE_KEYS) + ")");
                }
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    throw new ConfigException(source, keyLine, "'" + key + "' must be a single value");
                }
                if (fields.put(key, new Scalar(value == JsonToken.VALUE_NULL ? null : p.getText(), keyLine)) != null) {
                    throw new ConfigException(source, keyLine, "'" + key + "' is given twice in one rule");
                }
            }
            rules.add(fields);
        }
        return rules;
    }

    private Rule rule(Map<String, Scalar> f, double defaultConfidence) {
        int ruleLine = f.get("").line();
        String name = required(f, "name", ruleLine, "(unnamed)");
        String what = "rule '" + name + "'";
        String metric = required(f, "metric", ruleLine, what);
        String benchmark = f.containsKey("benchmark") ? text(f.get("benchmark"), what, "benchmark") : "*";
        Direction direction = switch (required(f, "direction", ruleLine, what)) {
            case "lower" -> Direction.LOWER_IS_BETTER;
            case "higher" -> Direction.HIGHER_IS_BETTER;
            default -> throw new ConfigException(source, f.get("direction").line(), what + ": direction '"
                    + f.get("direction").text() + "' must be 'lower' or 'higher' (which is better)");
        };
        MetricKind kind = switch (required(f, "kind", ruleLine, what)) {
            case "noisy" -> MetricKind.NOISY;
            case "deterministic" -> MetricKind.DETERMINISTIC;
            default -> throw new ConfigException(source, f.get("kind").line(), what + ": kind '"
                    + f.get("kind").text() + "' must be 'noisy' (timed) or 'deterministic' (counts, bytes, ratios)");
        };
        OptionalDouble relative = f.containsKey("relative")
                ? OptionalDouble.of(percentage(f.get("relative"), what, "relative")) : OptionalDouble.empty();
        OptionalDouble absolute = f.containsKey("absolute")
                ? OptionalDouble.of(absolute(f.get("absolute"), what)) : OptionalDouble.empty();
        if (relative.isEmpty() && absolute.isEmpty()) {
            throw new ConfigException(source, ruleLine, what + ": no bound: give 'relative' (e.g. 5%) and/or"
                    + " 'absolute' (in the metric's unit)");
        }
        double confidence = defaultConfidence;
        if (f.containsKey("confidence")) {
            if (kind == MetricKind.DETERMINISTIC) {
                throw new ConfigException(source, f.get("confidence").line(), what + ": 'confidence' applies to"
                        + " noisy rules only; a deterministic metric is compared directly");
            }
            confidence = confidence(f.get("confidence"), what);
        }
        return new Rule(name, benchmark, metric, direction, kind, relative, absolute, confidence, ruleLine);
    }

    private String required(Map<String, Scalar> f, String key, int ruleLine, String what) {
        Scalar s = f.get(key);
        if (s == null) {
            throw new ConfigException(source, ruleLine, what + ": missing '" + key + "'");
        }
        return text(s, what, key);
    }

    private String text(Scalar s, String what, String key) {
        if (s.text() == null || s.text().isBlank()) {
            throw new ConfigException(source, s.line(), what + ": '" + key + "' is empty");
        }
        return s.text().trim();
    }

    private double confidence(Scalar s, String what) {
        double c = percentage(s, what, "confidence");
        if (!(c >= 0.5 && c < 1)) {
            throw new ConfigException(source, s.line(), what + ": confidence " + s.text()
                    + " must be at least 50% and below 100%");
        }
        return c;
    }

    private double percentage(Scalar s, String what, String key) {
        String t = text(s, what, key);
        if (!t.endsWith("%")) {
            throw new ConfigException(source, s.line(), what + ": " + key + " '" + t + "' is not a percentage:"
                    + " write it as " + t + "%");
        }
        double value = number(s, t.substring(0, t.length() - 1).trim(), what, key) / 100;
        if (value < 0) {
            throw new ConfigException(source, s.line(), what + ": " + key + " " + t + " is negative");
        }
        return value;
    }

    private double absolute(Scalar s, String what) {
        String t = text(s, what, "absolute");
        if (t.endsWith("%")) {
            throw new ConfigException(source, s.line(), what + ": absolute '" + t + "' is a percentage: use"
                    + " 'relative' for that, or give a number in the metric's unit");
        }
        double value = number(s, t, what, "absolute");
        if (value < 0) {
            throw new ConfigException(source, s.line(), what + ": absolute " + t + " is negative");
        }
        return value;
    }

    private double number(Scalar s, String t, String what, String key) {
        try {
            double v = Double.parseDouble(t);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(source, s.line(), what + ": " + key + " '" + s.text() + "' is not a number");
    }

    private ConfigException error(JsonParser p, String problem) {
        return new ConfigException(source, line(p), problem);
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    /** A scalar value as written, with the line of its key. */
    private record Scalar(String text, int line) {
    }
}
