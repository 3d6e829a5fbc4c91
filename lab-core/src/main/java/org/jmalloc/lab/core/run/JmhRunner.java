package org.jmalloc.lab.core.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jmalloc.lab.core.jmh.JmhResult;
import org.jmalloc.lab.core.jmh.JmhResults;

/**
 * Runs a benchmarks jar's JMH as a child process ({@code java <host options> -jar <jar> <JMH args> -rf json -rff
 * <json>}), writes all of its output to the log file, echoes progress lines (or all lines) to a console, and returns
 * the parsed results with the failed runs and, when JMH failed as a whole, why ({@link JmhProblem}).
 *
 * <p>The caller chooses the jar, so one runner serves runs of two builds side by side (a baseline and a candidate
 * jar, one fork of each in turn). Not thread-safe: one run at a time, as JMH's machine-wide lock demands anyway.
 */
public final class JmhRunner {

    private static final Duration LOCK_RETRY = Duration.ofSeconds(5);

    private final Path java;
    private final Consumer<String> console;

    /**
     * @param java the java executable that runs JMH's harness
     * @param console receives the lines to show, one call per line, without line terminator
     */
    public JmhRunner(Path java, Consumer<String> console) {
        this.java = Objects.requireNonNull(java, "java");
        this.console = Objects.requireNonNull(console, "console");
    }

    /** A runner on the java executable of the running JVM. */
    public static JmhRunner withCurrentJava(Consumer<String> console) {
        return new JmhRunner(currentJava(), console);
    }

    /** The running JVM's java executable. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The command {@link #run} starts for the request. */
    public List<String> command(JmhRequest request) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(request.hostJvmOptions());
        command.addAll(List.of("-jar", request.jar().toString()));
        command.addAll(request.jmhArgs());
        command.addAll(List.of("-rf", "json", "-rff", request.files().json().toString()));
        return command;
    }

    /**
     * Runs the request and waits for JMH to finish. An existing JSON file of the same name is replaced (so results of an
     * earlier run are never read as this run's).
     *
     * @throws CannotRunException when the jar does not exist or JMH cannot be started
     * @throws IOException when the files cannot be written or read
     * @throws IllegalArgumentException when JMH wrote a JSON file that is not JMH's format
     */
    public JmhOutcome run(JmhRequest request) throws IOException, InterruptedException {
        if (!Files.isRegularFile(request.jar())) {
            throw new CannotRunException(request.jar() + " does not exist: build it with mvn -DskipTests -pl benchmarks"
                    + " -am package");
        }
        Files.createDirectories(request.files().dir());
        long deadline = System.nanoTime() + request.lockWait().toNanos();
        while (true) {
            Files.deleteIfExists(request.files().json());
            int exit = runLogged(command(request), request.files().log(), request.echoAll());
            List<String> lines = Files.readAllLines(request.files().log(), StandardCharsets.UTF_8);
            var problem = JmhProblem.of(lines, exit);
            boolean lockHeld = lines.stream().anyMatch(l -> l.contains("Unable to acquire the JMH lock"));
            if (lockHeld && System.nanoTime() < deadline) {
                console.accept("JMH's lock is held by another run; retrying in " + LOCK_RETRY.toSeconds() + " s");
                Thread.sleep(LOCK_RETRY);
                continue;
            }
            List<JmhResult> results = Files.exists(request.files().json())
                    ? JmhResults.read(request.files().json()) : List.of();
            return new JmhOutcome(exit, results, JmhLog.failures(lines), problem, request.files());
        }
    }

    /**
     * The benchmarks and parameter values JMH's {@code -lp} lists for the include patterns.
     *
     * @throws CannotRunException when the jar does not exist or JMH fails to list (the message says why)
     */
    public SuiteListing list(Path jar, List<String> includes) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new CannotRunException(jar + " does not exist: build it with mvn -DskipTests -pl benchmarks -am"
                    + " package");
        }
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(JmhRequest.DEFAULT_HOST_OPTIONS);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(includes);
        command.add("-lp");
        Process process = start(command);
        List<String> lines;
        try (BufferedReader in = reader(process)) {
            lines = in.lines().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        int exit = process.waitFor();
        if (exit != 0) {
            throw new CannotRunException("listing the benchmarks failed: " + JmhProblem.of(lines, exit).orElseThrow());
        }
        return SuiteListing.parse(lines);
    }

    private int runLogged(List<String> command, Path log, boolean echoAll) throws IOException, InterruptedException {
        Process process = start(command);
        try (BufferedReader in = reader(process); Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                file.write(line);
                file.write('\n');
                if (echoAll || JmhLog.isProgress(line)) {
                    console.accept(line);
                }
            }
        } finally {
            if (process.isAlive()) {
                process.destroy();
            }
        }
        return process.waitFor();
    }

    private static Process start(List<String> command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new CannotRunException("cannot start " + command.getFirst() + ": " + e.getMessage(), e);
        }
    }

    private static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }
}
