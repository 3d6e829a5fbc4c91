package org.jmalloc.benchmarks.profile;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * The CPU time the benchmark's worker threads spent per operation, beside JMH's wall-clock score: secondary result
 * {@code cpu} in the primary's unit (the lab's metric {@code latency.avg.cpu}), for average-time and sample-time
 * benchmarks.
 *
 * <p>Why: on a machine whose two cores are shared, a fork's wall-clock time per operation includes the time its
 * thread sat preempted while other processes ran, which moved single-block rows by up to 10x between forks. CPU time
 * counts only the time the thread ran; what the neighbours still cost it (caches refilled after a switch) is a few
 * percent, not a multiple. On an idle machine the two agree, since the loop never blocks.
 *
 * <p>How: the workers' thread CPU clocks ({@link ThreadMXBean#getThreadCpuTime}, {@code clock_gettime} of the thread's
 * CPU clock on Linux) are read before and after each iteration, summed over JMH's worker threads, and divided by the
 * iteration's measured operations. Exact per iteration except for the workers' own iteration bookkeeping (microseconds
 * against an iteration of 100 ms or more).
 */
public final class ThreadCpuProfiler implements InternalProfiler {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long before;

    @Override
    public String getDescription() {
        return "CPU time of the benchmark threads per operation (latency.avg.cpu)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        before = workerCpuNanos();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        long cpu = workerCpuNanos() - before;
        long ops = result.getMetadata().getMeasuredOps();
        String mode = benchmarkParams.getMode().shortLabel();
        if (ops <= 0 || cpu < 0 || !(mode.equals("avgt") || mode.equals("sample"))) {
            return List.of();
        }
        TimeUnit unit = benchmarkParams.getTimeUnit();
        double perOp = (double) cpu / ops / unit.toNanos(1);
        return List.of(new ScalarResult("cpu", perOp, shortName(unit) + "/op", AggregationPolicy.AVG));
    }

    /** Summed CPU time of the live JMH worker threads, in nanoseconds. */
    private long workerCpuNanos() {
        long sum = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("jmh-worker")) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t > 0) {
                    sum += t;
                }
            }
        }
        return sum;
    }

    private static String shortName(TimeUnit unit) {
        return switch (unit) {
            case NANOSECONDS -> "ns";
            case MICROSECONDS -> "us";
            case MILLISECONDS -> "ms";
            case SECONDS -> "s";
            case MINUTES -> "min";
            case HOURS -> "hr";
            case DAYS -> "day";
        };
    }
}
