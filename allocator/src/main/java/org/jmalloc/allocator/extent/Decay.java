package org.jmalloc.allocator.extent;

/**
 * How many unused pages of one state (dirty or muzzy) may stay unpurged: jemalloc's decay curve.
 *
 * <p>The decay time is cut into {@value #STEPS} epochs. {@code backlog[i]} counts the pages that
 * became unused during epoch {@code i} (the last slot is the newest epoch). A page that became
 * unused {@code k} epochs ago may stay with weight {@code h(1 − k/STEPS)}, where
 * {@code h(x) = 6x⁵ − 15x⁴ + 10x³} is the smootherstep curve: new pages stay, pages as old as the
 * decay time are all purged, and the purge rate rises and falls smoothly in between, so a workload
 * that frees in bursts does not purge (and then fault back in) everything at once.
 *
 * <pre>
 *   allowed = Σ backlog[i] · h((i + 1) / STEPS)        (i = 0 oldest … STEPS−1 newest)
 *   purge   = max(0, current − allowed)
 * </pre>
 *
 * A decay time of zero purges everything at once; a negative one never purges (only
 * {@code purge()} does). {@link #setDecayNanos} changes the time and starts the curve afresh, as
 * jemalloc's {@code arena.<i>.dirty_decay_ms} does: the pages unused at that moment count as
 * new under the new time. Not thread-safe: the arena's page lock guards it. {@code DecayTest}
 * checks the curve's shape and that a single burst is fully purged after the decay time.
 */
public final class Decay {

    public static final int STEPS = 200;
    private static final double[] WEIGHT = new double[STEPS];

    static {
        for (int i = 0; i < STEPS; i++) {
            WEIGHT[i] = smootherstep((double) (i + 1) / STEPS);
        }
    }

    private long decayNanos;
    private long epochNanos;
    private final long[] backlog = new long[STEPS];
    private long epochStart;
    /** Pages left unpurged at the end of the last epoch; pages beyond it are new. */
    private long unpurged;

    /**
     * @param decayNanos decay time, 0 = immediately, negative = never
     * @param now the current {@link System#nanoTime()}
     */
    public Decay(long decayNanos, long now) {
        setDecayNanos(decayNanos, now);
    }

    /** A new decay time (0 = immediately, negative = never); the backlog is forgotten. */
    public void setDecayNanos(long decayNanos, long now) {
        this.decayNanos = decayNanos;
        this.epochNanos = decayNanos > 0 ? Math.max(1, decayNanos / STEPS) : 0;
        reset(now);
    }

    /** The decay time in nanoseconds (0 = immediately, negative = never). */
    public long decayNanos() {
        return decayNanos;
    }

    /** The curve: 0 at 0, 1 at 1, flat at both ends. */
    public static double smootherstep(double x) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        return x * x * x * (x * (x * 6 - 15) + 10);
    }

    public boolean immediate() {
        return decayNanos == 0;
    }

    public boolean never() {
        return decayNanos < 0;
    }

    /** True when {@link #purgeable} could return more than 0 at {@code now} (an epoch has ended). */
    public boolean due(long now) {
        return decayNanos == 0 || (decayNanos > 0 && now - epochStart >= epochNanos);
    }

    /**
     * Advances to {@code now} and returns how many of the {@code current} pages to purge. The caller
     * purges that many (the oldest first) and reports the figure back through {@link #purged}.
     */
    public long purgeable(long now, long current) {
        if (decayNanos == 0) {
            return current;
        }
        if (decayNanos < 0) {
            return 0;
        }
        long elapsed = now - epochStart;
        if (elapsed < epochNanos) {
            return 0;
        }
        long epochs = elapsed / epochNanos;
        epochStart += epochs * epochNanos;
        int shift = (int) Math.min(epochs, STEPS);
        System.arraycopy(backlog, shift, backlog, 0, STEPS - shift);
        java.util.Arrays.fill(backlog, STEPS - shift, STEPS, 0L);
        backlog[STEPS - 1] = Math.max(0, current - unpurged);
        double allowed = 0;
        for (int i = 0; i < STEPS; i++) {
            if (backlog[i] != 0) {
                allowed += backlog[i] * WEIGHT[i];
            }
        }
        long purge = Math.max(0, current - (long) Math.ceil(allowed));
        unpurged = current - purge;
        return purge;
    }

    /** Reports that the state now holds {@code remaining} pages after purging or reuse. */
    public void purged(long remaining) {
        unpurged = Math.min(unpurged, remaining);
    }

    /** Forgets the backlog, after a purge of everything. */
    public void reset(long now) {
        java.util.Arrays.fill(backlog, 0L);
        unpurged = 0;
        epochStart = now;
    }
}
