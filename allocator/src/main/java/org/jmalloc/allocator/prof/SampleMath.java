package org.jmalloc.allocator.prof;

/**
 * The arithmetic of byte-interval sampling, as jemalloc's heap profiler does it.
 *
 * <h2>Intervals</h2>
 * Every allocated byte is a Bernoulli trial with probability {@code p = 2^−lgSample}; an allocation
 * is sampled when one of its bytes is a success. The gap between successes is geometric, so the
 * next sample point is drawn at once:
 *
 * <pre>
 *   bytesUntilSample = floor( ln(u) / ln(1 − p) ) + 1,    u uniform in (0, 1]
 * </pre>
 *
 * (Devroye, <i>Non-Uniform Random Variate Generation</i>, p. 500; mean {@code 1/p}). Drawing the
 * gap instead of testing each byte is what lets the allocator count down a byte budget and do
 * nothing else until it runs out.
 *
 * <h2>Unbiasing</h2>
 * An allocation of {@code s} bytes is sampled with probability {@code 1 − (1 − p)^s ≈
 * 1 − e^(−s/R)} ({@code R = 2^lgSample}); weighting each sample by the inverse gives unbiased
 * estimates of the number of such allocations and of their bytes:
 *
 * <pre>
 *   objects ≈ Σ 1 / (1 − e^(−s/R)),    bytes ≈ Σ s / (1 − e^(−s/R))
 * </pre>
 *
 * {@code SampleMathTest} checks both: the intervals' mean and the estimates over a seeded stream.
 */
public final class SampleMath {

    /** jemalloc's default {@code lg_prof_sample}: a sample every 512 KiB on average. */
    public static final int DEFAULT_LG_SAMPLE = 19;
    /** The largest {@code lgSample} accepted (a sample every 1 TiB). */
    public static final int MAX_LG_SAMPLE = 40;

    private SampleMath() {
    }

    /**
     * Bytes until the next sample for a uniform draw {@code u}.
     *
     * @param lgSample 0 samples every allocation; up to {@link #MAX_LG_SAMPLE}
     * @param u uniform in {@code (0, 1]}
     */
    public static long bytesUntilSample(int lgSample, double u) {
        if (lgSample == 0) {
            return 1;
        }
        double p = Math.scalb(1.0, -lgSample);
        double gap = Math.log(u) / Math.log1p(-p);
        return gap >= 0x1p62 ? 1L << 62 : (long) gap + 1;
    }

    /** A uniform draw in {@code (0, 1]} from 53 random bits. */
    public static double uniform(long randomBits) {
        long r = randomBits >>> 11;
        return r == 0 ? 1.0 : r * 0x1.0p-53;
    }

    /** The weight of one sample of {@code size} bytes: the number of such allocations it stands for. */
    public static double weight(long size, int lgSample) {
        if (lgSample == 0) {
            return 1.0;
        }
        double rate = Math.scalb(1.0, lgSample);
        return 1.0 / -Math.expm1(-size / rate);
    }
}
