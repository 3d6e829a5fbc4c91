package org.jmalloc.benchmarks.workload;

/**
 * A known slowdown for calibrating the gate ({@code lab calibrate}): extra work that the benchmark harness does beside
 * the allocator call, never inside the allocator. {@code -Djmalloc.bench.extraWork=N} adds a chain of {@code N}
 * dependent xor-shift-multiply steps per operation (a few cycles each); calibration measures what a step really
 * costs and chooses {@code N} for a 5 % and a 10 % slowdown of the fast path. The default, 0, is a constant the JIT folds away,
 * so ordinary runs carry no trace of it.
 */
public final class ExtraWork {

    /** Steps per operation, from {@code -Djmalloc.bench.extraWork} (default 0). */
    public static final int STEPS = Integer.getInteger("jmalloc.bench.extraWork", 0);

    private ExtraWork() {
    }

    /**
     * {@code steps} dependent xor-shift-multiply steps on {@code x}: each needs the previous result, so they cannot
     * overlap with each other, and the caller stores the result, so they cannot be dropped. The xor of a shifted copy
     * is what keeps the JIT from folding them: a chain of plain multiply-adds by constants ({@code v * K + i}) is
     * reassociated by C2 into one multiply by {@code K^steps} and one add, which made 24 steps cost 0.04 ns each in
     * a calibration pilot instead of about a nanosecond.
     */
    public static long spin(long x, int steps) {
        long v = x;
        for (int i = 0; i < steps; i++) {
            v = (v ^ (v >>> 29)) * 0x9E3779B97F4A7C15L;
        }
        return v;
    }
}
