package org.jmalloc.benchmarks.latency;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The distribution of one {@code malloc} + {@code free} of the same block, for one size: JMH's sample mode times
 * individual calls, and the result's percentiles give p50, p99 and p99.9 (the table reads the score, the mean of the
 * samples). Timer resolution (about 20 ns with {@code System.nanoTime} on Linux) quantizes the low percentiles.
 * {@link MallocFreeLatencyBenchmark} measures the mean without that quantization; the body is in
 * {@link MallocFreeBenchmarkBase}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MallocFreeSampledLatencyBenchmark extends MallocFreeBenchmarkBase {
}
