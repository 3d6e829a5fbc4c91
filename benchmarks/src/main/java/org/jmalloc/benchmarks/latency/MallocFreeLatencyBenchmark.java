package org.jmalloc.benchmarks.latency;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Average time of one {@code malloc} immediately followed by the {@code free} of the same block, for one size: the
 * allocator's fast path (thread cache or its equivalent), the number the single-block latency targets are set on.
 * {@link MallocFreeSampledLatencyBenchmark} measures the same operation's distribution; the body is in
 * {@link MallocFreeBenchmarkBase}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MallocFreeLatencyBenchmark extends MallocFreeBenchmarkBase {
}
