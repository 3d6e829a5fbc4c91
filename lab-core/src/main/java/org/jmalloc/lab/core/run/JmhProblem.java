package org.jmalloc.lab.core.run;

import java.util.List;
import java.util.Optional;

/**
 * Why a JMH run as a whole failed, in one line a person can act on, read from JMH's output: JMH's own messages are
 * spread over several lines, mixed with JVM warnings, and say nothing of the cause on a machine without hardware
 * counters. The first rule that matches wins:
 * <ol>
 *   <li>{@code Unable to acquire the JMH lock}: another JMH run holds JMH's machine-wide lock;</li>
 *   <li>{@code No supported events}: perf runs but the machine has no hardware counters (a virtual machine, a
 *       container without access to the PMU);</li>
 *   <li>{@code Cannot run program "perf"}: perf is not installed;</li>
 *   <li>{@code Profilers failed to initialize}: another profiler failed, with the line JMH gives after it;</li>
 *   <li>{@code No matching benchmarks}: the include pattern matches nothing;</li>
 *   <li>{@code Error parsing command line}: JMH rejected an option, with its reason;</li>
 *   <li>{@code Unable to access jarfile}, or no {@code META-INF/BenchmarkList}: not a benchmarks jar;</li>
 *   <li>for a non-zero exit code: a line {@code Exception in thread ...} or starting {@code ERROR}, else the code
 *       and JMH's last line of output.</li>
 * </ol>
 */
public final class JmhProblem {

    private JmhProblem() {
    }

    /** The reason JMH failed, or empty when it exited with 0 and printed none of the messages above. */
    public static Optional<String> of(List<String> lines, int exitCode) {
        // Rule by rule over all lines, not line by line: JMH prints its general message before the specific one.
        if (any(lines, "Unable to acquire the JMH lock")) {
            return Optional.of("another JMH run holds JMH's machine-wide lock: wait until it has finished (two runs"
                    + " at once would disturb each other's figures)");
        }
        if (any(lines, "No supported events")) {
            return Optional.of("perf: no supported events \u2014 this machine has no hardware counters (perf stat"
                    + " -e instructions true says <not supported>); leave out -prof perfnorm and perfasm here,"
                    + " or run on a machine that has them");
        }
        if (any(lines, "Cannot run program \"perf\"")) {
            return Optional.of("perf is not installed: install it (Debian: apt-get install linux-perf), or leave"
                    + " out the perf profilers");
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String next = next(lines, i);
            if (line.contains("Profilers failed to initialize")) {
                return Optional.of("a JMH profiler failed to start" + (next.isEmpty() ? "" : ": " + next));
            }
            if (line.startsWith("No matching benchmarks")) {
                return Optional.of("no benchmark matches the include pattern (JMH: " + line.trim() + ")");
            }
            if (line.startsWith("Error parsing command line")) {
                return Optional.of("JMH rejected its command line" + (next.isEmpty() ? "" : ": " + next));
            }
            if (line.contains("Unable to access jarfile")) {
                return Optional.of("cannot open the benchmarks jar (" + line.trim() + ")");
            }
            if (line.contains("/META-INF/BenchmarkList")) {
                return Optional.of("not a JMH benchmarks jar: it has no META-INF/BenchmarkList");
            }
        }
        if (exitCode != 0) {
            for (String line : lines) {
                if (line.startsWith("Exception in thread") || line.startsWith("ERROR")) {
                    return Optional.of(line.trim());
                }
            }
            String last = lines.reversed().stream().filter(l -> !l.isBlank()).findFirst().orElse("").trim();
            return Optional.of("JMH exited with code " + exitCode + (last.isEmpty() ? " and printed nothing"
                    : "; its last line: " + last));
        }
        return Optional.empty();
    }

    private static boolean any(List<String> lines, String text) {
        return lines.stream().anyMatch(l -> l.contains(text));
    }

    private static String next(List<String> lines, int i) {
        for (int j = i + 1; j < lines.size(); j++) {
            if (!lines.get(j).isBlank()) {
                return lines.get(j).trim();
            }
        }
        return "";
    }
}
