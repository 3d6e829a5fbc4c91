package org.jmalloc.lab.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The source tree the lab works in: where {@code benchmarks/target/benchmarks.jar} is, whether it is older than the
 * sources it is built from, and how to rebuild it.
 *
 * @param root the directory holding the parent {@code pom.xml} and {@code benchmarks/}
 */
public record Workspace(Path root) {

    /** What the benchmarks jar is built from: a newer file here means the jar is stale. */
    private static final List<String> SOURCES =
            List.of("pom.xml", "benchmarks/pom.xml", "benchmarks/src", "allocator/pom.xml", "allocator/src/main");

    /**
     * The source tree that contains {@code codeSource} (the lab's jar or classes directory), or else the working
     * directory {@code cwd} or one of its parents: the first directory that has {@code benchmarks/pom.xml}.
     *
     * @throws CannotRunException when neither is inside the source tree
     */
    public static Workspace locate(Path codeSource, Path cwd) {
        return Stream.of(codeSource, cwd).map(Workspace::enclosingRoot).flatMap(Optional::stream).findFirst()
                .map(Workspace::new)
                .orElseThrow(() -> new CannotRunException("cannot find the jmalloc source tree (a directory with"
                        + " benchmarks/pom.xml) above " + cwd + ": run the lab from inside it, or pass --jar"));
    }

    /** The directory that holds the running lab's classes or jar. */
    public static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("").toAbsolutePath();
        }
    }

    private static Optional<Path> enclosingRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("benchmarks/pom.xml"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /** {@code benchmarks/target/benchmarks.jar}. */
    public Path benchmarksJar() {
        return root.resolve("benchmarks/target/benchmarks.jar");
    }

    /** Where result files go by default: {@code target/bench}. */
    public Path resultsDir() {
        return root.resolve("target/bench");
    }

    /** Whether some source file is newer than {@code jar} (true when the jar is missing). */
    public boolean isStale(Path jar) {
        if (!Files.isRegularFile(jar)) {
            return true;
        }
        try {
            FileTime built = Files.getLastModifiedTime(jar);
            for (String source : SOURCES) {
                Path path = root.resolve(source);
                if (!Files.exists(path)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(path)) {
                    if (files.filter(Files::isRegularFile).anyMatch(f -> modified(f).compareTo(built) > 0)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare " + jar + " with its sources", e);
        }
    }

    /** The command that rebuilds the benchmarks jar (with the allocator it depends on), run in {@link #root}. */
    public List<String> buildCommand() {
        return List.of("mvn", "-q", "-DskipTests", "-pl", "benchmarks", "-am", "package");
    }

    /**
     * Rebuilds the benchmarks jar with {@link #buildCommand()}, Maven's output going to this process's standard
     * output and error.
     *
     * @throws CannotRunException when Maven is missing or the build fails
     */
    public void build() throws InterruptedException {
        Process build;
        try {
            build = new ProcessBuilder(buildCommand()).directory(root.toFile()).inheritIO().start();
        } catch (IOException e) {
            throw new CannotRunException("cannot run Maven to build the benchmarks jar (" + e.getMessage() + "):"
                    + " install Maven 3.8 or newer, or pass a built jar", e);
        }
        int exit = build.waitFor();
        if (exit != 0) {
            throw new CannotRunException("building the benchmarks failed (mvn exit code " + exit + "); for the"
                    + " full log run, in " + root + ": " + String.join(" ", buildCommand()).replace(" -q", ""));
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
