package org.jmalloc.benchmarks.latency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.jmalloc.benchmarks.ImplBenchmark;
import org.jmalloc.benchmarks.profile.WorkCountersProfiler;
import org.junit.jupiter.api.Test;

/**
 * The guarded latency benchmarks' work-count sequences ({@code WorkProbe}) give the same counts every time they run,
 * so the gate can compare them exactly, and they count real work where the benchmark has some.
 */
class WorkSequenceTest {

    @Test
    void batch_countsRepeatExactlyAndShowRefillsAndFlushes() {
        BatchAllocFreeLatencyBenchmark b = new BatchAllocFreeLatencyBenchmark();
        double[] counts = twice(b, b::setUp);
        assertTrue(counts[2] > 0 && counts[3] > 0, "cache fills and flushes per op: " + Arrays.toString(counts));
    }

    @Test
    void steadyState_countsRepeatExactlyAndShowRefills() {
        SteadyStateReplaceLatencyBenchmark b = new SteadyStateReplaceLatencyBenchmark();
        double[] counts = twice(b, b::setUp);
        assertTrue(counts[2] > 0, "cache fills per op: " + Arrays.toString(counts));
    }

    @Test
    void mallocFree_countsRepeatExactlyAndStayOnTheFastPath() {
        MallocFreeLatencyBenchmark b = new MallocFreeLatencyBenchmark();
        b.size = "00064";
        double[] counts = twice(b, b::setUp);
        assertArrayEquals(new double[8], counts, 0.0, "one size malloc+free after the warm-up: no slow path, no lock");
    }

    @Test
    void nativeImplementation_reportsNoCounts() {
        SteadyStateReplaceLatencyBenchmark b = new SteadyStateReplaceLatencyBenchmark();
        b.impl = "glibc";
        b.setUp();
        try {
            assertEquals(0, WorkCountersProfiler.runRegisteredProbe().length);
        } finally {
            b.closeImplementation();
        }
    }

    /** Sets the benchmark up for jmalloc, runs its registered sequence twice, checks they agree, returns the counts. */
    private static double[] twice(ImplBenchmark b, Runnable setUp) {
        b.impl = "jmalloc";
        setUp.run();
        try {
            double[] first = WorkCountersProfiler.runRegisteredProbe();
            double[] second = WorkCountersProfiler.runRegisteredProbe();
            assertEquals(8, first.length, "one figure per work.* metric");
            assertArrayEquals(first, second, 0.0, "the same sequence must give the same counts");
            return first;
        } finally {
            b.closeImplementation();
        }
    }
}
