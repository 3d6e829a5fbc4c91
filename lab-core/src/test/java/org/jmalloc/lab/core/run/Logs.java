package org.jmalloc.lab.core.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * JMH's console output under {@code src/test/resources/org/jmalloc/lab/core/run}. The {@code jmh-*.log} files are real
 * output of the benchmarks jar (the java executable's and the jar's paths replaced):
 * <ul>
 *   <li>{@code jmh-deadfork.log}: {@code MallocFreeLatencyBenchmark -f 1 -jvmArgsAppend -XX:+NoSuchOptionZZ}, a fork
 *       that cannot start;</li>
 *   <li>{@code jmh-perfnorm.log}: {@code -prof perfnorm} on a machine without hardware counters;</li>
 *   <li>{@code jmh-nomatch.log}: an include pattern that matches nothing;</li>
 *   <li>{@code jmh-badopt.log}: an option JMH does not know ({@code -zz});</li>
 *   <li>{@code jmh-lock-held.log}: a second JMH started while another one ran.</li>
 * </ul>
 * {@code failures-hand-written.log} is written by hand in JMH's format: a setup that throws and a fork killed by
 * SIGABRT, which the benchmarks do not do on purpose.
 */
final class Logs {

    private Logs() {
    }

    static List<String> lines(String name) {
        try (InputStream in = Logs.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
