package org.jmalloc.lab.core.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One JMH run to make: which benchmarks jar, which of JMH's own options, where the files go. The runner adds
 * {@code -rf json -rff <files.json()>}; everything else is the caller's choice, e.g.
 * {@code List.of("MallocFreeLatency", "-f", "1", "-wi", "2", "-i", "3", "-p", "impl=jmalloc", "-prof", "gc")}.
 *
 * <p>JMH replaces (does not extend) a benchmark's {@code @Fork(jvmArgsAppend = ...)} when {@code -jvmArgsAppend} is
 * given: pass the benchmarks' own flags again ({@code --enable-native-access=ALL-UNNAMED -Xms1g -Xmx1g}) with it.
 *
 * @param jar the benchmarks jar
 * @param jmhArgs JMH's arguments: include patterns and options, in order
 * @param files where the JSON results and the log go
 * @param hostJvmOptions options of the JVM that runs JMH's harness itself (the forks get theirs from the benchmarks
 *     and {@code -jvmArgs*})
 * @param echoAll whether every line of JMH's output goes to the console, not only progress and failures
 * @param lockWait how long to keep retrying while another JMH run holds JMH's machine-wide lock (zero: fail at once)
 */
public record JmhRequest(Path jar, List<String> jmhArgs, RunFiles files, List<String> hostJvmOptions, boolean echoAll,
        Duration lockWait) {

    /** The options a caller may not pass: the runner decides where results and output go. */
    private static final Set<String> RESERVED = Set.of("-rf", "-rff", "-o", "-l", "-lp", "-lprof", "-lrf", "-h");

    /** The host JVM's options by default: the harness loads the benchmark classes, which use the foreign API. */
    public static final List<String> DEFAULT_HOST_OPTIONS = List.of("--enable-native-access=ALL-UNNAMED");

    /** @throws IllegalArgumentException when {@code jmhArgs} holds an option the runner owns, or lockWait is negative */
    public JmhRequest {
        Objects.requireNonNull(jar, "jar");
        Objects.requireNonNull(files, "files");
        jmhArgs = List.copyOf(jmhArgs);
        hostJvmOptions = List.copyOf(hostJvmOptions);
        Objects.requireNonNull(lockWait, "lockWait");
        if (lockWait.isNegative()) {
            throw new IllegalArgumentException("lockWait " + lockWait + " is negative");
        }
        for (String arg : jmhArgs) {
            if (RESERVED.contains(arg)) {
                throw new IllegalArgumentException("JMH option " + arg + " is the runner's: it writes JSON results to "
                        + files.json() + " and JMH's output to " + files.log());
            }
        }
    }

    /** A request with the default host options, progress-only echo and no waiting for JMH's lock. */
    public static JmhRequest of(Path jar, List<String> jmhArgs, RunFiles files) {
        return new JmhRequest(jar, jmhArgs, files, DEFAULT_HOST_OPTIONS, false, Duration.ZERO);
    }

    /** This request echoing all of JMH's output, or only progress. */
    public JmhRequest withEchoAll(boolean all) {
        return new JmhRequest(jar, jmhArgs, files, hostJvmOptions, all, lockWait);
    }

    /** This request waiting up to {@code wait} for JMH's lock. */
    public JmhRequest withLockWait(Duration wait) {
        return new JmhRequest(jar, jmhArgs, files, hostJvmOptions, echoAll, wait);
    }
}
