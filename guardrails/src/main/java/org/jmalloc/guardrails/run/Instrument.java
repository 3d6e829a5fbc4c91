package org.jmalloc.guardrails.run;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/**
 * What one side of the comparison runs: a class path whose first entry supplies the allocator.
 *
 * <p>Normally both sides run the candidate's shaded benchmarks jar, each with its own allocator jar placed
 * <em>before</em> it on the class path: the JVM loads a class from the first entry that has it, so the allocator
 * classes inside the benchmarks jar are shadowed, and JMH's forks inherit the host's class path. Only the allocator
 * differs between the sides. {@code ClasspathShadowIT} in the benchmarks module checks that a JMH fork really loads
 * the allocator from the first jar, and every gate run checks it again from the forks' class-loading log.
 *
 * @param side {@code baseline} or {@code candidate}
 * @param allocatorJar the jar whose allocator classes this side runs
 * @param benchmarksJar the benchmarks jar (the candidate's, or in the fallback this side's own)
 */
public record Instrument(String side, Path allocatorJar, Path benchmarksJar) {

    /** {@code allocator.jar:benchmarks.jar}. */
    public String classPath() {
        return allocatorJar + File.pathSeparator + benchmarksJar;
    }

    /** The java command's class path and main class for JMH. */
    List<String> jmhMain() {
        return List.of("-cp", classPath(), "org.openjdk.jmh.Main");
    }
}
