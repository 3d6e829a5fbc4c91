package org.jmalloc.lab.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the failures out of JMH's human-readable output, which the JSON result file leaves out: a run whose setup
 * threw, or whose forked JVM died, has no JSON entry at all.
 *
 * <p>JMH announces each run with {@code # Benchmark: <name>} and {@code # Parameters: (k = v, ...)}; a failed
 * iteration prints {@code <failure>} followed by a blank line and the exception's stack trace, and a dead fork prints
 * {@code <forked VM failed with exit code N>}. The first such reason of a run is kept.
 */
public final class JmhLog {

    private static final String BENCHMARK = "# Benchmark: ";
    private static final String PARAMETERS = "# Parameters: (";
    private static final Pattern PARAM = Pattern.compile("([^,=\\s]+) = ([^,]*)");
    private static final Pattern DEAD_FORK = Pattern.compile("<(forked VM failed[^>]*)>");
    private static final Pattern EXCEPTION = Pattern.compile("^(?:[\\w$]+\\.)*[\\w$]+(?:Exception|Error)(?:: (.*))?$");

    private JmhLog() {
    }

    /** The failed runs in JMH's output, in order, one per run. */
    public static List<RunFailure> failures(List<String> lines) {
        Map<String, RunFailure> failures = new LinkedHashMap<>();
        String benchmark = null;
        Map<String, String> params = Map.of();
        boolean awaitingException = false;
        for (String line : lines) {
            if (line.startsWith(BENCHMARK)) {
                benchmark = line.substring(BENCHMARK.length()).trim();
                params = Map.of();
                awaitingException = false;
            } else if (line.startsWith(PARAMETERS)) {
                params = params(line.substring(PARAMETERS.length(), line.lastIndexOf(')')));
            } else if (benchmark == null) {
                continue;
            } else if (line.contains("<failure>")) {
                awaitingException = true;
            } else if (awaitingException && !line.isBlank()) {
                awaitingException = false;
                Matcher m = EXCEPTION.matcher(line.trim());
                String reason = m.matches() && m.group(1) != null ? m.group(1) : line.trim();
                failures.putIfAbsent(key(benchmark, params), new RunFailure(benchmark, params, reason));
            } else {
                Matcher dead = DEAD_FORK.matcher(line);
                if (dead.find()) {
                    failures.putIfAbsent(key(benchmark, params), new RunFailure(benchmark, params, dead.group(1)));
                }
            }
        }
        return new ArrayList<>(failures.values());
    }

    private static Map<String, String> params(String list) {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(list);
        while (m.find()) {
            params.put(m.group(1), m.group(2).trim());
        }
        return params;
    }

    private static String key(String benchmark, Map<String, String> params) {
        return benchmark + " " + new java.util.TreeMap<>(params);
    }
}
