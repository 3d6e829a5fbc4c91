package org.jmalloc.benchmarks.workload;

/**
 * A known slowdown for calibrating the gate ({@code lab calibrate}): extra work that the benchmark harness does beside
 * the allocator call, never inside the allocator. {@code -Djmalloc.bench.extraWork=N} adds {@code N} shift-and-add
 * steps to every {@code P}-th operation ({@code -Djmalloc.bench.extraWorkPeriod=P}, default 1); calibration measures
 * what {@code N} steps on every operation cost and chooses {@code P} for a 5 % and a 10 % slowdown of the fast path.
 * The default, 0 steps, is a constant the JIT folds away, so ordinary runs carry no trace of it.
 *
 * <p>Why a period rather than fewer steps: the steps' first one carries a fixed latency (the chain starts from the
 * block's address and the {@code free} waits for its end), which was 4.5 ns in one calibration, where twelve steps
 * cost 8.2 ns: no step count gives the 0.5 ns of a 5 % slowdown. Twelve steps on every {@code P}-th call give
 * {@code 1/P} of their cost on average, in as fine a grain as needed.
 *
 * <p>What a slowdown of the fast path looks like decides the shape of the work. A malloc+free pair here is about 40
 * cycles of mostly independent instructions whose loop-carried chain (the cache's top, the block's address) is short:
 * the core is bound by how many instructions it issues. Extra work that only depended on itself (one chain of
 * 2-cycle steps, beside the allocator call) ran in the shadow of the allocator's own work: it cost nothing up to
 * about 16 steps and then 0.9 ns a step. So the steps run on four independent lanes (more instructions to issue, as
 * a few more instructions in the allocator would be), the lanes start from the address the allocation returned and
 * the {@code free} waits for their sum ({@link #serialize}): the work can neither be hoisted out of the loop nor run
 * ahead of the allocation.
 */
public final class ExtraWork {

    /** Steps per operation, from {@code -Djmalloc.bench.extraWork} (default 0). */
    public static final int STEPS = Integer.getInteger("jmalloc.bench.extraWork", 0);
    /** Operations per one with extra work, from {@code -Djmalloc.bench.extraWorkPeriod} (default 1: every one). */
    public static final int PERIOD = Math.max(1, Integer.getInteger("jmalloc.bench.extraWorkPeriod", 1));

    private ExtraWork() {
    }

    /**
     * {@code steps} steps on four lanes started from {@code x}, each step {@code v += v << 13} (a multiply by 8193,
     * whose powers do not repeat for 2^19 steps even in the low 32 bits) on the previous value of its lane. A shift and
     * an add, not a multiply, keeps the JIT from folding the steps: a chain of multiply-adds by constants
     * ({@code v * K + i}) is reassociated by C2 into one multiply and one add, which made 24 steps cost 0.04 ns each in
     * a calibration pilot.
     */
    public static long spin(long x, int steps) {
        long a = x;
        long b = x + 0x1111;
        long c = x + 0x2222;
        long d = x + 0x3333;
        int i = 0;
        for (; i + 4 <= steps; i += 4) {
            a += a << 13;
            b += b << 13;
            c += c << 13;
            d += d << 13;
        }
        for (; i < steps; i++) {
            a += a << 13;
        }
        return a + b + c + d;
    }

    /**
     * {@code spin(start, steps)} turned into a value that is always 0 but that the JIT cannot know is 0, because
     * {@code zero} is a field it must load: adding it to the next call's argument (a slot index) makes that call
     * wait for the chain.
     */
    public static int serialize(long start, int steps, int zero) {
        return (int) spin(start, steps) & zero;
    }
}
