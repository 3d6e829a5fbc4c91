package org.jmalloc.allocator.tcache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jmalloc.allocator.extent.HeapBytes;

/**
 * One thread cache's allocation accounting: the per-thread counters ({@code thread.allocated},
 * {@code thread.deallocated}, {@code thread.peak}) and the cache's hit, miss, fill and flush
 * counts, kept without a single extra instruction on the free fast path and with one load on the
 * malloc fast path ({@link CacheEvents}).
 *
 * <h2>Where the numbers come from</h2>
 * Only slow paths write here; the fast paths' share is read back from the cache's own state:
 *
 * <pre>
 *   allocated   = bytes counted down in the event word (every allocation of the thread: the fast
 *                 path's INC[c], the slow path's usize) — harvested at each event
 *   D           = bytes on the cache's stacks now         (Σ (top − base) × usize, from the headers)
 *   F, L        = bytes filled into / flushed out of the stacks (slow path, per batch)
 *   direct      = allocations / frees that bypassed the stacks (slow path)
 *   pops        = allocated − directAlloc                 (every other allocation popped a stack)
 *   pushes      = D − F − (… stack balance: D = F + pushes − pops − L)
 *               = D − F + pops + L
 *   deallocated = pushes + directFree
 * </pre>
 *
 * So the free fast path, which only pushes, needs no counter at all. The values are exact for the
 * owner thread; another thread reads them racily (word-sized reads, opaque for these counters;
 * the cache's headers and event word are plain) and may see a batch half-applied, off by at most
 * one fill or flush.
 *
 * <p>{@code thread.peak} is the largest {@code allocated − deallocated} seen at an event, a fill,
 * a flush or a direct allocation: between two of those the thread can only pop blocks that its
 * stacks already held, so the peak is low by at most the bytes the stacks can hold.
 */
public final class CacheCounters {

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    static final int ARMED_CALLS = 0;
    static final int ARMED_BYTES = 1;
    static final int HARVESTED_CALLS = 2;
    static final int HARVESTED_BYTES = 3;
    static final int DIRECT_ALLOC = 4;
    static final int DIRECT_FREE = 5;
    static final int FILLED = 6;
    static final int FLUSHED = 7;
    static final int FILLS = 8;
    static final int FLUSHES = 9;
    static final int SLOW_HITS = 10;
    static final int MISSES = 11;
    static final int PEAK = 12;
    private static final int COUNT = 13;

    private final long[] v = new long[COUNT];
    private java.util.SplittableRandom samples;
    /** Whether the event word's byte budget is a sample interval (profiling active when last armed). */
    private volatile boolean profiled;

    /** Heap bytes of the counter array. */
    long metadataBytes() {
        return HeapBytes.longArray(v.length);
    }

    long get(int i) {
        return (long) SLOT.getOpaque(v, i);
    }

    private void add(int i, long delta) {
        SLOT.setOpaque(v, i, (long) SLOT.getOpaque(v, i) + delta);
    }

    /** Records what a word was armed with (owner thread). */
    void armed(long calls, long bytes) {
        SLOT.setOpaque(v, ARMED_CALLS, calls);
        SLOT.setOpaque(v, ARMED_BYTES, bytes);
    }

    /** Folds a fired (or about to be re-armed) word's consumption into the totals (owner thread). */
    void harvest(long word) {
        add(HARVESTED_CALLS, get(ARMED_CALLS) - CacheEvents.callsLeft(word));
        add(HARVESTED_BYTES, get(ARMED_BYTES) - CacheEvents.bytesLeft(word));
    }

    /** An allocation that bypassed the stacks: its bytes were counted in the word too. */
    public void directAlloc(long usable) {
        add(DIRECT_ALLOC, usable);
    }

    /** A free that bypassed the stacks. */
    public void directFree(long usable) {
        add(DIRECT_FREE, usable);
    }

    void filled(long bytes) {
        add(FILLED, bytes);
        add(FILLS, 1);
        add(MISSES, 1);
    }

    void flushed(long bytes) {
        add(FLUSHED, bytes);
        add(FLUSHES, 1);
    }

    /** A pop on a slow path that found a block. */
    void slowHit() {
        add(SLOW_HITS, 1);
    }

    private void peak(long net) {
        if (net > get(PEAK)) {
            SLOT.setOpaque(v, PEAK, net);
        }
    }

    /** Whether the byte budget was last armed with a sample interval. */
    public boolean profiled() {
        return profiled;
    }

    public void profiled(boolean on) {
        profiled = on;
    }

    /** The thread's interval stream for heap-profile samples, created on its first sample. */
    public java.util.SplittableRandom samples(java.util.function.Supplier<java.util.SplittableRandom> create) {
        if (samples == null) {
            samples = create.get();
        }
        return samples;
    }

    /**
     * The totals, given the cache's event word and the bytes on its stacks now.
     *
     * @param allocated usable bytes the thread allocated
     * @param deallocated usable bytes the thread freed (derived: see the class comment)
     * @param peak the largest {@code allocated − deallocated} seen (at events, fills, flushes and
     *     direct allocations), or since the last {@code resetPeak}
     * @param hits allocations served from the stacks
     * @param misses allocations that found their stack empty (each refilled it)
     * @param fills refill batches from the arenas
     * @param flushes flush batches back to the arenas
     */
    public record Totals(long allocated, long deallocated, long peak, long hits, long misses, long fills,
                         long flushes) {
    }

    Totals totals(long word, long cachedBytes) {
        long allocated = allocated(word);
        long deallocated = deallocated(allocated, cachedBytes);
        long hits = get(HARVESTED_CALLS) + get(ARMED_CALLS) - CacheEvents.callsLeft(word) + get(SLOW_HITS);
        return new Totals(allocated, deallocated, Math.max(get(PEAK), allocated - deallocated), hits, get(MISSES),
                get(FILLS), get(FLUSHES));
    }

    private long allocated(long word) {
        return get(HARVESTED_BYTES) + get(ARMED_BYTES) - CacheEvents.bytesLeft(word);
    }

    private long deallocated(long allocated, long cachedBytes) {
        long pops = allocated - get(DIRECT_ALLOC);
        return cachedBytes - get(FILLED) + pops + get(FLUSHED) + get(DIRECT_FREE);
    }

    /**
     * {@code allocated − deallocated} now. Slow paths call this (through {@link #observe}) on every
     * direct allocation, so it builds no {@link Totals}: a record per call would be a Java heap
     * allocation wherever the JIT has not compiled the path (a new thread's first calls run code the
     * interpreter or C1 runs), and a short-lived thread's every heap byte takes a fresh TLAB.
     */
    private long net(long word, long cachedBytes) {
        long allocated = allocated(word);
        return allocated - deallocated(allocated, cachedBytes);
    }

    /**
     * Whether {@code allocated − deallocated} can be above the peak now. Expanded (class comment),
     * {@code allocated − deallocated = directAlloc + F − L − directFree − D}, and {@code D ≥ 0}: so
     * when the peak is at least {@code directAlloc + F − L − directFree} no observation can raise
     * it, and the stacks need not be summed.
     */
    boolean mayPeak() {
        return get(DIRECT_ALLOC) + get(FILLED) - get(FLUSHED) - get(DIRECT_FREE) > get(PEAK);
    }

    /** Notes {@code allocated − deallocated} for the peak (owner thread). */
    void observe(long word, long cachedBytes) {
        peak(net(word, cachedBytes));
    }

    /** Starts the peak afresh at the current {@code allocated − deallocated} (owner thread). */
    void resetPeak(long word, long cachedBytes) {
        SLOT.setOpaque(v, PEAK, net(word, cachedBytes));
    }

    /** Zeroes every counter, for a reaped cache taken over by a new thread (owner: the registry, under its lock). */
    void reset() {
        for (int i = 0; i < COUNT; i++) {
            SLOT.setOpaque(v, i, 0L);
        }
        profiled = false;
    }
}
