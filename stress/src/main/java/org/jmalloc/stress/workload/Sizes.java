package org.jmalloc.stress.workload;

import java.util.SplittableRandom;

/** Size distributions the workloads draw from. Stateless; the random stream is the caller's. */
public final class Sizes {

    private Sizes() {}

    /** Uniform in {@code [min, max]}. */
    public static long uniform(SplittableRandom r, long min, long max) {
        return min + r.nextLong(max - min + 1);
    }

    /**
     * Log-uniform in {@code [min, max]}: every doubling is equally likely, so small sizes dominate
     * by count while big ones still appear (the shape of most programs' requests).
     */
    public static long logUniform(SplittableRandom r, long min, long max) {
        double lo = Math.log(min);
        double hi = Math.log(max + 1.0);
        long s = (long) Math.exp(lo + r.nextDouble() * (hi - lo));
        return Math.max(min, Math.min(max, s));
    }

    /** A power of two {@code 2^k} with {@code k} uniform in {@code [minShift, maxShift]}. */
    public static long powerOfTwo(SplittableRandom r, int minShift, int maxShift) {
        return 1L << (minShift + r.nextInt(maxShift - minShift + 1));
    }

    /**
     * Pareto with scale {@code xm} and shape {@code alpha}, truncated to {@code max}: inverse CDF
     * {@code x = xm / u^(1/alpha)} for {@code u} uniform in (0, 1]. With alpha near 1 most
     * requests are a few times {@code xm} and a thin tail reaches {@code max}.
     */
    public static long pareto(SplittableRandom r, double xm, double alpha, long max) {
        double u = 1.0 - r.nextDouble(); // (0, 1]
        double x = xm / Math.pow(u, 1.0 / alpha);
        return (long) Math.min(max, Math.max(1, x));
    }
}
