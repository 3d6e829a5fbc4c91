package org.jmalloc.guardrails.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a gate run measures and how: the benchmarks (JMH include pattern and parameters), each fork's iterations, the
 * fork budget, and the settings that keep forks comparable on this machine.
 *
 * <p>A <em>round</em> runs one fork of every selected benchmark on each side, the sides in random order. The gate
 * starts with {@link #initialRounds()}, then adds {@link #stepRounds()} at a time for the benchmarks that have an
 * inconclusive metric, up to {@link #maxRounds()}, where an undecided metric fails closed.
 *
 * @param name {@code quick} or {@code full}
 * @param include JMH's benchmark pattern
 * @param params JMH parameters, e.g. {@code impl -> jmalloc}
 * @param warmupIterations warmup iterations per fork
 * @param warmupMillis time of each
 * @param iterations measured iterations per fork
 * @param iterationMillis time of each
 * @param initialRounds rounds before the first evaluation
 * @param stepRounds rounds added per extension
 * @param maxRounds the fork budget per side
 * @param profilers JMH profilers to add ({@code gc} and the allocator's work counters)
 * @param forkJvmArgs JVM options appended to every benchmark fork
 * @param cpus the CPU list every benchmark process is pinned to with {@code taskset -c}, or null for none
 */
public record GateSettings(String name, String include, Map<String, String> params, int warmupIterations,
        int warmupMillis, int iterations, int iterationMillis, int initialRounds, int stepRounds, int maxRounds,
        List<String> profilers, List<String> forkJvmArgs, String cpus) {

    /** The quick gate's benchmarks: single-block and batch latency, steady state, sampled p99, footprint. */
    public static final String QUICK_INCLUDE = "org\\.jmalloc\\.benchmarks\\.(latency\\.(MallocFreeLatency"
            + "|MallocFreeSampledLatency|BatchAllocFreeLatency|SteadyStateReplaceLatency)Benchmark"
            + "|footprint\\.(FragmentationFootprint|MetadataFootprint)Benchmark"
            + "|footprint\\.FreeEverythingFootprintBenchmark\\.freeThenPurge)\\b.*";

    /** The profiler in the benchmarks jar that reports CPU time per operation ({@code latency.avg.cpu}). */
    public static final String CPU_PROFILER = "org.jmalloc.benchmarks.profile.ThreadCpuProfiler";

    /** The profiler in the benchmarks jar that reports the footprint benchmarks' figures. */
    public static final String FOOTPRINT_PROFILER = "org.jmalloc.benchmarks.footprint.FootprintProfiler";

    /** The profiler in the benchmarks jar that reports the allocator's work counts per operation. */
    public static final String WORK_PROFILER = "org.jmalloc.benchmarks.profile.WorkCountersProfiler";

    public GateSettings {
        params = Map.copyOf(params);
        profilers = List.copyOf(profilers);
        forkJvmArgs = List.copyOf(forkJvmArgs);
        if (initialRounds < 1 || stepRounds < 1 || maxRounds < initialRounds) {
            throw new IllegalArgumentException("rounds must satisfy 1 <= initial (" + initialRounds + ") <= max ("
                    + maxRounds + ") and step >= 1 (" + stepRounds + ")");
        }
    }

    /** Whether the gate also runs the stress smoke ({@link StressSmoke}): the full gate does, the quick one not. */
    public boolean stressSmoke() {
        return name.equals("full");
    }

    /** The JMH options of one fork of every selected benchmark, writing JSON to {@code json}. */
    List<String> jmhOptions(String includePattern, String json) {
        List<String> o = new ArrayList<>(List.of(includePattern, "-f", "1",
                "-wi", Integer.toString(warmupIterations), "-w", warmupMillis + "ms",
                "-i", Integer.toString(iterations), "-r", iterationMillis + "ms", "-foe", "true"));
        params.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> o.addAll(List.of("-p", e.getKey() + "=" + e.getValue())));
        profilers.forEach(p -> o.addAll(List.of("-prof", p)));
        if (!forkJvmArgs.isEmpty()) {
            o.addAll(List.of("-jvmArgsAppend", String.join(" ", forkJvmArgs)));
        }
        o.addAll(List.of("-rf", "json", "-rff", json));
        return o;
    }

    /** This plan with other rounds. */
    public GateSettings withRounds(int initial, int step, int max) {
        return new GateSettings(name, include, params, warmupIterations, warmupMillis, iterations, iterationMillis,
                initial, step, max, profilers, forkJvmArgs, cpus);
    }

    /** This plan with another include pattern (e.g. for {@code lab bisect --metric} or a test's smaller set). */
    public GateSettings withInclude(String pattern) {
        return new GateSettings(name, pattern, params, warmupIterations, warmupMillis, iterations, iterationMillis,
                initialRounds, stepRounds, maxRounds, profilers, forkJvmArgs, cpus);
    }

    /** This plan with other fork JVM options and CPU pinning. */
    public GateSettings withForkJvm(List<String> jvmArgs, String cpuList) {
        return new GateSettings(name, include, params, warmupIterations, warmupMillis, iterations, iterationMillis,
                initialRounds, stepRounds, maxRounds, profilers, jvmArgs, cpuList);
    }

    /** This plan with other profilers. */
    public GateSettings withProfilers(List<String> list) {
        return new GateSettings(name, include, params, warmupIterations, warmupMillis, iterations, iterationMillis,
                initialRounds, stepRounds, maxRounds, list, forkJvmArgs, cpus);
    }
}
