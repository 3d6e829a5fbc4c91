package org.jmalloc.benchmarks.workload;

/**
 * A known slowdown for calibrating the gate ({@code lab calibrate}): extra work that the benchmark harness does beside
 * the allocator call, never inside the allocator. {@code -Djmalloc.bench.extraWork=N} adds a chain of {@code N}
 * dependent multiply-adds per operation (about a nanosecond each); calibration measures what a step really costs and
 * chooses {@code N} for a 5 % and a 10 % slowdown of the fast path. The default, 0, is a constant the JIT folds away,
 * so ordinary runs carry no trace of it.
 */
public final class ExtraWork {

    /** Steps per operation, from {@code -Djmalloc.bench.extraWork} (default 0). */
    public static final int STEPS = Integer.getInteger("jmalloc.bench.extraWork", 0);

    private ExtraWork() {
    }

    /**
     * {@code steps} dependent multiply-adds on {@code x}: each needs the previous result, so they cannot overlap with
     * each other, and the caller stores the result, so they cannot be dropped.
     */
    public static long spin(long x, int steps) {
        long v = x;
        for (int i = 0; i < steps; i++) {
            v = v * 0x9E3779B97F4A7C15L + i;
        }
        return v;
    }
}
