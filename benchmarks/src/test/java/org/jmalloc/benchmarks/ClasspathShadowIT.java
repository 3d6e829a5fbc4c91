package org.jmalloc.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The gate's instrument: {@code java -cp allocator.jar:benchmarks.jar org.openjdk.jmh.Main ...} must run the
 * benchmarks against the allocator classes of the first jar, in JMH's forked JVMs too (they inherit the host's class
 * path). Checked from the fork's own class-loading log: with the allocator jar first, {@code Allocator} comes from it;
 * with the benchmarks jar alone, from the copy shaded into it.
 */
class ClasspathShadowIT {

    private static final Pattern SOURCE = Pattern.compile("org\\.jmalloc\\.allocator\\.Allocator source: (?:file:)?(\\S+)");

    @Test
    void forksLoadTheAllocatorFromTheFirstJarOnTheClassPath() throws Exception {
        Path benchmarks = Path.of(System.getProperty("benchmarks.jar"));
        Path allocator = Path.of(System.getProperty("allocator.jar"));
        assertTrue(Files.isRegularFile(allocator), allocator + " is missing: the allocator module builds it first");
        assertEquals(allocator.toRealPath(), source(allocator + File.pathSeparator + benchmarks, "shadowed"));
        assertEquals(benchmarks.toRealPath(), source(benchmarks.toString(), "plain"));
    }

    /** Runs one tiny fork with this class path and returns the jar its Allocator class came from. */
    private static Path source(String classPath, String name) throws Exception {
        Path dir = Path.of(System.getProperty("benchmarks.jar")).resolveSibling("shadow-" + name);
        Files.createDirectories(dir);
        try (Stream<Path> old = Files.list(dir)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--enable-native-access=ALL-UNNAMED", "-cp", classPath, "org.openjdk.jmh.Main",
                "MallocFreeLatencyBenchmark", "-f", "1", "-wi", "0", "-i", "1", "-r", "10ms", "-p", "impl=jmalloc",
                "-p", "size=00064", "-jvmArgsAppend", "--enable-native-access=ALL-UNNAMED -Xlog:class+load=info:file="
                        + dir.resolve("classload-%p.log")));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("jmh.log")
                .toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the JMH run took over 5 minutes");
        assertEquals(0, p.exitValue(), "JMH failed; see " + dir.resolve("jmh.log"));
        List<String> lines = new ArrayList<>();
        try (Stream<Path> logs = Files.list(dir)) {
            for (Path log : logs.filter(f -> f.getFileName().toString().startsWith("classload-")).toList()) {
                lines.addAll(Files.readAllLines(log));
            }
        }
        Optional<String> jar = lines.stream().map(SOURCE::matcher).filter(Matcher::find).map(m -> m.group(1))
                .findFirst();
        assertTrue(jar.isPresent(), "the fork never loaded org.jmalloc.allocator.Allocator (logs in " + dir + ")");
        return Path.of(jar.get()).toRealPath();
    }
}
