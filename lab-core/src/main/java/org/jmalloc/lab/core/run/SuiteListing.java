package org.jmalloc.lab.core.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmarks and parameter values that JMH's {@code -lp} option lists, used to validate {@code --impl} and to
 * count the runs a suite will make before starting it.
 *
 * <p>Format read: a line {@code Benchmarks:}, then per benchmark its full name on one line followed by lines
 * {@code   param "name" = {v1, v2, ...}}.
 *
 * @param benchmarks each listed benchmark's parameter values by name, in listing order
 */
public record SuiteListing(Map<String, Map<String, List<String>>> benchmarks) {

    private static final Pattern PARAM = Pattern.compile("^\\s+param \"([^\"]+)\" = \\{(.*)}\\s*$");

    public SuiteListing {
        benchmarks = Map.copyOf(benchmarks);
    }

    /** Parses JMH's {@code -lp} output. */
    public static SuiteListing parse(List<String> lines) {
        Map<String, Map<String, List<String>>> benchmarks = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        for (String line : lines) {
            Matcher m = PARAM.matcher(line);
            if (m.matches() && current != null) {
                List<String> values = Arrays.stream(m.group(2).split(",")).map(String::trim)
                        .filter(v -> !v.isEmpty()).toList();
                current.put(m.group(1), values);
            } else if (!line.isBlank() && !line.startsWith(" ") && !line.startsWith("Benchmarks:")
                    && !line.startsWith("WARNING") && line.indexOf('.') > 0 && !line.contains(" ")) {
                current = new LinkedHashMap<>();
                benchmarks.put(line.trim(), current);
            }
        }
        return new SuiteListing(benchmarks);
    }

    /** Every value of the {@code impl} parameter across the listed benchmarks, in first-seen order. */
    public List<String> impls() {
        Set<String> impls = new LinkedHashSet<>();
        benchmarks.values().forEach(params -> impls.addAll(params.getOrDefault("impl", List.of())));
        return new ArrayList<>(impls);
    }

    /**
     * How many runs (benchmark x parameter combination) JMH will make when {@code impl} is restricted to
     * {@code impls} (all listed values when null).
     */
    public int runs(List<String> impls) {
        int runs = 0;
        for (Map<String, List<String>> params : benchmarks.values()) {
            int combinations = 1;
            for (Map.Entry<String, List<String>> p : params.entrySet()) {
                int values = p.getKey().equals("impl") && impls != null
                        ? (int) p.getValue().stream().filter(impls::contains).count()
                        : p.getValue().size();
                combinations *= values;
            }
            runs += combinations;
        }
        return runs;
    }
}
