package org.jmalloc.lab.core.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads JMH's human-readable output: the failed runs, which the JSON result file leaves out (a run whose setup threw,
 * or whose forked JVM died, has no JSON entry at all), and which lines are progress worth showing on a console.
 *
 * <p>JMH announces each run with {@code # Benchmark: <name>} and {@code # Parameters: (k = v, ...)}; a failed
 * iteration prints {@code <failure>} followed by a blank line and the exception's stack trace, and a dead fork prints
 * {@code <forked VM failed with exit code N>} followed by the fork's last lines of output in {@code <stdout ...>}
 * and {@code <stderr ...>} blocks. The first failure of a run is kept; a dead fork's reason adds the signal that
 * killed it (exit codes above 128), the first line it wrote to stderr, and the JVM's crash report file when it
 * names one.
 */
public final class JmhLog {

    private static final String BENCHMARK = "# Benchmark: ";
    private static final String PARAMETERS = "# Parameters: (";
    private static final Pattern PARAM = Pattern.compile("([^,=\\s]+) = ([^,]*)");
    private static final Pattern DEAD_FORK = Pattern.compile("<(forked VM failed with exit code (\\d+))>");
    private static final Pattern EXCEPTION = Pattern.compile("^(?:[\\w$]+\\.)*[\\w$]+(?:Exception|Error)(?:: (.*))?$");
    private static final Pattern CRASH_REPORT = Pattern.compile("(hs_err_pid\\d+\\.log)");
    private static final Map<Integer, String> SIGNALS = Map.of(4, "SIGILL", 6, "SIGABRT", 7, "SIGBUS", 8, "SIGFPE",
            9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");

    private JmhLog() {
    }

    /** The failed runs in JMH's output, in order, one per run. */
    public static List<RunFailure> failures(List<String> lines) {
        Map<String, RunFailure> failures = new LinkedHashMap<>();
        String benchmark = null;
        Map<String, String> params = Map.of();
        boolean awaitingException = false;
        DeadFork dead = null;
        for (String line : lines) {
            if (line.startsWith(BENCHMARK)) {
                benchmark = line.substring(BENCHMARK.length()).trim();
                params = Map.of();
                awaitingException = false;
                dead = null;
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
            } else if (DEAD_FORK.matcher(line).find()) {
                Matcher m = DEAD_FORK.matcher(line);
                m.find();
                String key = key(benchmark, params);
                if (!failures.containsKey(key)) {
                    dead = new DeadFork(key, benchmark, params, m.group(1), Integer.parseInt(m.group(2)));
                    failures.put(key, dead.failure());
                }
            } else if (dead != null) {
                dead.read(line);
                failures.put(dead.key, dead.failure());
            }
        }
        return new ArrayList<>(failures.values());
    }

    /**
     * Whether a line of JMH's output is progress or a failure worth echoing on a console: the benchmark and parameters
     * of each run, the run progress, failures and dead forks, exceptions.
     */
    public static boolean isProgress(String line) {
        return line.startsWith("# Benchmark:") || line.startsWith("# Parameters:") || line.startsWith("# Run progress:")
                || line.contains("<failure>") || line.contains("<forked VM failed") || line.startsWith("java.")
                || line.startsWith("Exception") || line.startsWith("Error") || line.startsWith("ERROR");
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
        return benchmark + " " + new TreeMap<>(params);
    }

    /** A dead fork's reason, completed from the output lines that follow JMH's note. */
    private static final class DeadFork {
        final String key;
        final String benchmark;
        final Map<String, String> params;
        final String note;
        final int exitCode;
        boolean inStderr;
        String firstStderr;
        String crashReport;

        DeadFork(String key, String benchmark, Map<String, String> params, String note, int exitCode) {
            this.key = key;
            this.benchmark = benchmark;
            this.params = params;
            this.note = note;
            this.exitCode = exitCode;
        }

        void read(String line) {
            Matcher crash = CRASH_REPORT.matcher(line);
            if (crash.find() && crashReport == null) {
                crashReport = crash.group(1);
            }
            if (line.startsWith("<stderr")) {
                inStderr = true;
            } else if (line.startsWith("</stderr>")) {
                inStderr = false;
            } else if (inStderr && firstStderr == null && !line.isBlank() && !line.startsWith("WARNING")
                    && !line.startsWith("#")) {
                firstStderr = line.trim();
            }
        }

        RunFailure failure() {
            StringBuilder reason = new StringBuilder(note);
            List<String> details = new ArrayList<>();
            if (exitCode > 128) {
                int signal = exitCode - 128;
                details.add("killed by signal " + signal
                        + (SIGNALS.containsKey(signal) ? " (" + SIGNALS.get(signal) + ")" : ""));
            }
            if (firstStderr != null) {
                details.add(firstStderr);
            }
            if (crashReport != null) {
                details.add("crash report " + crashReport);
            }
            if (!details.isEmpty()) {
                reason.append(": ").append(String.join("; ", details));
            }
            return new RunFailure(benchmark, params, reason.toString());
        }
    }
}
