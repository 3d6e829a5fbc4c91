package org.jmalloc.guardrails.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where a source tree's build puts the jars the gate runs, and the command that makes them. */
public final class Builds {

    private Builds() {
    }

    /** Builds the allocator and the shaded benchmarks jar, without tests. */
    public static List<String> packageCommand() {
        return List.of("mvn", "-q", "-B", "-DskipTests", "-pl", "benchmarks", "-am", "package");
    }

    /**
     * {@code allocator/target/jmalloc-allocator-<version>.jar} of {@code root}.
     *
     * @throws IOException when the tree has not been built
     */
    public static Path allocatorJar(Path root) throws IOException {
        Path target = root.resolve("allocator/target");
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                List<Path> jars = files.filter(p -> {
                    String n = p.getFileName().toString();
                    return n.startsWith("jmalloc-allocator-") && n.endsWith(".jar") && !n.endsWith("-sources.jar")
                            && !n.endsWith("-tests.jar");
                }).toList();
                if (jars.size() == 1) {
                    return jars.getFirst();
                }
                if (jars.size() > 1) {
                    throw new IOException("more than one allocator jar in " + target + ": " + jars
                            + "; run mvn clean package there");
                }
            }
        }
        throw new IOException("no allocator jar in " + target + ": build it with " + String.join(" ",
                packageCommand()));
    }

    /** {@code benchmarks/target/benchmarks.jar} of {@code root}. */
    public static Path benchmarksJar(Path root) {
        return root.resolve("benchmarks/target/benchmarks.jar");
    }
}
