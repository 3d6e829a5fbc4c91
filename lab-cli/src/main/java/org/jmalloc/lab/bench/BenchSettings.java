package org.jmalloc.lab.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The JMH settings of a {@code lab bench} suite, and the time it is expected to take.
 *
 * <p>{@link #QUICK}: 2 forks, 2 warmup iterations of 200 ms, 3 measured iterations of 200 ms. {@link #FULL}: the
 * benchmarks' own defaults, 2 forks, 3 warmups of 1 s, 5 measured iterations of 1 s. Both keep at least 2 forks so
 * that a run-to-run (JIT, memory layout) difference shows up in the error instead of hiding in one fork.
 *
 * <p>Expected time: {@code runs x forks x (warmups x warmup time + iterations x iteration time + fork overhead)},
 * where a run is one benchmark with one parameter combination and the overhead of starting a forked JVM, running
 * setup and tearing down is taken as {@value #FORK_OVERHEAD_MILLIS} ms (measured on a 2-core machine).
 *
 * @param name {@code quick} or {@code full}
 * @param forks forked JVMs per run
 * @param warmupIterations warmup iterations per fork
 * @param warmupTime time of each warmup iteration
 * @param iterations measured iterations per fork
 * @param iterationTime time of each measured iteration
 */
public record BenchSettings(String name, int forks, int warmupIterations, Duration warmupTime, int iterations,
        Duration iterationTime) {

    /** Starting a forked JVM, setup and teardown, per fork. */
    static final long FORK_OVERHEAD_MILLIS = 800;

    public static final BenchSettings QUICK =
            new BenchSettings("quick", 2, 2, Duration.ofMillis(200), 3, Duration.ofMillis(200));
    public static final BenchSettings FULL =
            new BenchSettings("full", 2, 3, Duration.ofSeconds(1), 5, Duration.ofSeconds(1));

    /** The expected wall time of {@code runs} runs. */
    public Duration estimate(int runs) {
        Duration perFork = warmupTime.multipliedBy(warmupIterations).plus(iterationTime.multipliedBy(iterations))
                .plusMillis(FORK_OVERHEAD_MILLIS);
        return perFork.multipliedBy((long) runs * forks);
    }

    /** JMH's command-line options for these settings: forks, warmup and measurement counts and times. */
    public List<String> jmhOptions() {
        List<String> options = new ArrayList<>();
        options.addAll(List.of("-f", Integer.toString(forks)));
        options.addAll(List.of("-wi", Integer.toString(warmupIterations), "-w", warmupTime.toMillis() + "ms"));
        options.addAll(List.of("-i", Integer.toString(iterations), "-r", iterationTime.toMillis() + "ms"));
        return options;
    }
}
