package org.jmalloc.guardrails.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs child processes: git, Maven, the benchmark JVMs. Output is captured or logged, never lost. */
final class Processes {

    private Processes() {
    }

    /** The {@code java} executable of the JVM running the lab: every child JVM the gate starts uses it. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The result of one child process. */
    record Result(int exit, List<String> lines) {
        String text() {
            return String.join("\n", lines);
        }
    }

    /** Runs {@code command} in {@code dir} and returns its exit code and output (stdout and stderr merged). */
    static Result capture(Path dir, List<String> command) throws IOException, InterruptedException {
        return run(dir, command, null, line -> { });
    }

    /**
     * Runs {@code command} in {@code dir}, writing every output line to {@code log} (when not null) and handing it to
     * {@code lines}; the child is destroyed if this thread is interrupted.
     */
    static Result run(Path dir, List<String> command, Path log, Consumer<String> lines)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir == null ? null : dir.toFile())
                .redirectErrorStream(true).start();
        List<String> all = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8));
                Writer file = log == null ? Writer.nullWriter() : Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                all.add(line);
                file.write(line);
                file.write('\n');
                lines.accept(line);
            }
            return new Result(process.waitFor(), all);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** Runs a git command in {@code repo}; its trimmed output, or an exception naming the command and its output. */
    static String git(Path repo, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        Result r = capture(null, command);
        if (r.exit() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + r.exit() + "): " + r.text());
        }
        return r.text().trim();
    }
}
