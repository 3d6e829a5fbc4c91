package org.jmalloc.stress;

import java.io.PrintWriter;
import java.time.Duration;

/** The test settings the build passes in: how long each workload runs and with which seed. */
final class StressTestSettings {

    private StressTestSettings() {}

    /** {@code jmalloc.stress.duration} (the pom's {@code stress.duration}), 3 s when unset. */
    static Duration duration() {
        return DurationText.parse(System.getProperty("jmalloc.stress.duration", "3s"));
    }

    /** {@code jmalloc.stress.seed}, 1 when unset. */
    static long seed() {
        return Long.parseLong(System.getProperty("jmalloc.stress.seed", "1"));
    }

    /** Options for a test run that prints to the test's output. */
    static StressOptions.Builder options() {
        return StressOptions.builder()
                .threads(2)
                .duration(duration())
                .seed(seed())
                .watchdogTimeout(Duration.ofSeconds(30))
                .out(new PrintWriter(System.out, true));
    }
}
