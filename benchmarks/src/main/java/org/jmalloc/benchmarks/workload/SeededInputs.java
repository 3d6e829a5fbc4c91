package org.jmalloc.benchmarks.workload;

import java.util.SplittableRandom;

/**
 * Seeded random inputs that benchmarks precompute in their {@code @Setup}, so every implementation sees exactly the same
 * sequence and the measured loop does no random-number work. Not thread-safe; each caller makes its own.
 *
 * <p>Small-skewed sizes: {@code log2(size) = log2(min) + (log2(max) - log2(min)) * u^2} with {@code u} uniform in
 * [0, 1), so the median request is {@code min * (max / min)^(1/4)} (64 B for 16 B..4 KiB) and one request in ten is
 * above {@code min * (max / min)^0.81} (about 1.4 KiB), a shape like the request mix of servers, where most blocks are
 * small headers and nodes.
 */
public final class SeededInputs {

    /** The seed every benchmark starts from unless it says otherwise ("jmalloc" in ASCII). */
    public static final long SEED = 0x6a6d616c6c6f63L;

    private final SplittableRandom random;

    public SeededInputs(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /**
     * {@code n} sizes in {@code [min, max]}, skewed towards {@code min} as the class comment describes.
     *
     * @throws IllegalArgumentException when {@code min < 1} or {@code max < min}
     */
    public long[] skewedSizes(int n, long min, long max) {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("size range [" + min + ", " + max + "] is empty or below 1 byte");
        }
        double low = Math.log(min);
        double span = Math.log(max) - low;
        long[] sizes = new long[n];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            long size = Math.round(Math.exp(low + span * u * u));
            sizes[i] = Math.clamp(size, min, max);
        }
        return sizes;
    }

    /** {@code n} indices, each uniform in {@code [0, bound)}. */
    public int[] indices(int n, int bound) {
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = random.nextInt(bound);
        }
        return indices;
    }

    /** A uniformly random permutation of {@code 0 .. n-1} (Fisher-Yates). */
    public int[] permutation(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** {@code n} flags, each true with probability {@code 1 / oneIn}. */
    public boolean[] flags(int n, int oneIn) {
        boolean[] flags = new boolean[n];
        for (int i = 0; i < n; i++) {
            flags[i] = random.nextInt(oneIn) == 0;
        }
        return flags;
    }
}
