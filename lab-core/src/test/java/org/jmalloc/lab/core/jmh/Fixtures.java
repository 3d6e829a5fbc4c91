package org.jmalloc.lab.core.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JMH result files under {@code src/test/resources/org/jmalloc/lab/core/jmh}. They are real output of the
 * benchmarks jar, small runs (2 forks, 1 warmup and 2 measured iterations of 100 ms) with only the path of the java
 * executable replaced by {@code /opt/jdk-25/bin/java}:
 * <ul>
 *   <li>{@code jmh-every-mode.json}: {@code MallocFreeLatencyBenchmark -bm thrpt,avgt,sample,ss -p impl=jmalloc
 *       -p size=00064 -prof gc};</li>
 *   <li>{@code jmh-thread-group.json}: {@code CrossThreadFreeThroughputBenchmark -p impl=jmalloc -prof gc}, a
 *       two-thread {@code @Group} whose methods are secondary metrics.</li>
 * </ul>
 */
final class Fixtures {

    private Fixtures() {
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JmhResult> everyMode() {
        return JmhResults.parse(text("jmh-every-mode.json"));
    }

    static JmhResult threadGroup() {
        return JmhResults.parse(text("jmh-thread-group.json")).getFirst();
    }
}
