package org.jmalloc.allocator.prof;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The engine behind sampled heap profiling: draws each thread's sample intervals, captures the
 * stacks of sampled allocations, keeps the live samples by address, and builds
 * {@link HeapProfile} snapshots.
 *
 * <p>The allocator decides <em>when</em> to sample (a per-thread byte budget that the fast path
 * counts down anyway: see {@code CacheEvents}); this class is only called for sampled
 * allocations and for frees of blocks that may have been sampled, both on slow paths. Its state
 * is guarded by {@code this}; the backtrace is captured outside the lock.
 *
 * <h2>Cost of a sample</h2>
 * A sample stores the raw backtrace and one map entry; nothing is named or grouped then. A
 * snapshot names each live sample's frames once (kept with the sample, one shared list per
 * distinct stack) and groups the live samples by stack, so its cost grows with the live samples
 * (a 1 GiB live heap at the default rate holds about 2,000), and a sample freed before any
 * snapshot is never named.
 *
 * <p>Invariant ({@code HeapProfilerTest}): a snapshot's per-stack totals are the sums over the
 * live samples, and a freed sample's address is no longer live.
 */
public final class HeapProfiler {

    /** Freed samples remembered for use-after-free reports. */
    private static final int RECENTLY_FREED = 256;

    private final int lgSample;
    private final SplittableRandom seeds;
    private volatile boolean active;
    private final LiveSamples live = new LiveSamples();
    /** One shared frame list per distinct stack named so far. */
    private final Map<List<Frame>, List<Frame>> stacks = new HashMap<>();
    private final Sample[] freed = new Sample[RECENTLY_FREED];
    private int freedNext;
    private long samples;

    /**
     * @param lgSample a sample every {@code 2^lgSample} bytes on average, 0 to {@link SampleMath#MAX_LG_SAMPLE}
     * @param active whether sampling starts at once
     * @param seed seeds every thread's interval stream (each thread gets its own split of it)
     */
    public HeapProfiler(int lgSample, boolean active, long seed) {
        if (lgSample < 0 || lgSample > SampleMath.MAX_LG_SAMPLE) {
            throw new IllegalArgumentException("invalid lg_prof_sample " + lgSample + ": must be between 0 and "
                    + SampleMath.MAX_LG_SAMPLE + " (a sample every 2^n bytes on average)");
        }
        this.lgSample = lgSample;
        this.active = active;
        this.seeds = new SplittableRandom(seed);
    }

    public int lgSample() {
        return lgSample;
    }

    /** Whether allocations are being sampled (jemalloc's {@code prof.active}). */
    public boolean active() {
        return active;
    }

    public void setActive(boolean on) {
        active = on;
    }

    /** A new thread's interval stream. */
    public synchronized SplittableRandom newStream() {
        return seeds.split();
    }

    /** Bytes until the next sample, drawn from a thread's stream. */
    public long nextInterval(SplittableRandom stream) {
        return SampleMath.bytesUntilSample(lgSample, SampleMath.uniform(stream.nextLong()));
    }

    /**
     * Records a sampled allocation, capturing the caller's stack (innermost application frame
     * first).
     *
     * @param size the usable size of the class the application asked for
     * @param promoted whether the block sits in its own page run (see {@link Sample#promoted()})
     */
    public void record(long address, long size, int sizeClass, boolean promoted) {
        Sample s = new Sample(address, size, sizeClass, promoted, SampleMath.weight(size, lgSample),
                Thread.currentThread().threadId(), StackCapture.capture());
        synchronized (this) {
            live.put(s); // replaces a sample whose free went unseen (cannot happen otherwise)
            samples++;
        }
    }

    /** The live sample at {@code address}, or null. */
    public synchronized Sample liveAt(long address) {
        return live.get(address);
    }

    /** Forgets the live sample at {@code address} (its block is being freed); returns it, or null. */
    public synchronized Sample release(long address) {
        Sample s = live.remove(address);
        if (s != null) {
            freed[freedNext] = s;
            freedNext = (freedNext + 1) % RECENTLY_FREED;
        }
        return s;
    }

    /** The most recently freed sample whose block held {@code address}, or null (for use-after-free reports). */
    public synchronized Sample freedAround(long address) {
        for (int k = 1; k <= RECENTLY_FREED; k++) {
            Sample s = freed[Math.floorMod(freedNext - k, RECENTLY_FREED)];
            if (s != null && s.address() <= address && address < s.address() + s.size()) {
                return s;
            }
        }
        return null;
    }

    /** Samples taken since the profiler started. */
    public synchronized long totalSamples() {
        return samples;
    }

    /** Live samples now. */
    public synchronized int liveSamples() {
        return live.size();
    }

    /** The live heap as the samples estimate it, largest stacks first. */
    public synchronized HeapProfile snapshot() {
        Map<List<Frame>, double[]> byStack = new LinkedHashMap<>(); // samples, sampled bytes, objects, bytes
        for (Sample s : live.all()) {
            List<Frame> frames = stacks.computeIfAbsent(s.frames(), f -> f);
            s.shareFrames(frames);
            double[] t = byStack.computeIfAbsent(frames, f -> new double[4]);
            t[0]++;
            t[1] += s.size();
            t[2] += s.weight();
            t[3] += s.weight() * s.size();
        }
        List<StackProfile> out = new ArrayList<>(byStack.size());
        byStack.forEach((frames, t) -> out.add(new StackProfile(frames, (long) t[0], (long) t[1], t[2], t[3])));
        return new HeapProfile(lgSample, samples, out);
    }
}
