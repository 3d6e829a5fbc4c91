package org.jmalloc.allocator.tcache;

import org.jmalloc.allocator.arena.Arena;
import org.jmalloc.allocator.extent.AddressMap;
import org.jmalloc.allocator.extent.Extent;

/**
 * One thread's cache: for every cached size class a bounded stack of free block addresses.
 *
 * <pre>
 *   stack:  | class 0: meta[4 * 0 + BASE] … meta[4 * 0 + TOP] … meta[4 * 0 + LIMIT] | class 1: meta[4 * 1 + BASE] … meta[4 * 1 + TOP] … meta[4 * 1 + LIMIT] | …
 *            └ oldest ──────────── newest ┘ (pop and push at top: LIFO keeps hot blocks hot)
 * </pre>
 *
 * The fast paths live in {@code Allocator} and touch only {@code stack} and {@code meta}: pop = one compare, two loads, two stores. A miss fills
 * half the stack from the arena in one locked batch; a full stack flushes its older half back to
 * the owning arenas (grouped by arena, one lock per group). Every {@value #GC_INTERVAL} allocations
 * one class is garbage collected incrementally as in jemalloc: blocks below its low-water mark sat
 * unused for a whole interval, so 3/4 of them go back and its fill batch halves; a class that ran
 * dry doubles its fill batch.
 *
 * <p>Ownership: a cache is used by one thread at a time — its owner platform thread, or a virtual
 * thread holding one of the shared caches' slots — and by the registry only once the owner is dead
 * or the allocator is closing. Not thread-safe otherwise.
 */
public final class ThreadCache {

    static final int GC_INTERVAL = 1024;
    private static final int SMALL_SLOTS_MIN = 20;
    private static final int SMALL_SLOTS_MAX = 200;
    private static final int LARGE_SLOTS = 20;

    /** Field offsets inside {@link #meta}: one class's four ints share a 16-byte run. */
    public static final int TOP = 0;
    public static final int BASE = 1;
    public static final int LIMIT = 2;
    public static final int LOW = 3;

    public final long[] stack;
    /**
     * Per class {@code c}: {@code meta[4c+TOP]} next free slot, {@code meta[4c+BASE]} first slot,
     * {@code meta[4c+LIMIT]} one past the last slot, {@code meta[4c+LOW]} low-water mark since the
     * last GC step. Packed so the fast path loads one array.
     */
    public final int[] meta;
    private final int[] fill;
    private final boolean[] missed;
    private final int classes;
    private final int smallClasses;
    private final Arena[] arenas;
    private final AddressMap map;
    /** The owning platform thread, or null for a shared cache. */
    public final Thread owner;
    /** Arena this cache fills from; changes only when the registry rebinds. */
    public Arena arena;
    /** Counts allocations down to the next incremental GC step. */
    public int ticks = GC_INTERVAL;
    private int gcClass;

    /**
     * @param classes cached classes: {@code 0 .. classes-1} (small ones and large ones up to the
     *     thread-cache maximum); 0 disables caching
     * @param regionsPerSlab per small class, to size the stacks
     */
    ThreadCache(int classes, int smallClasses, int[] regionsPerSlab, Arena arena, Arena[] arenas, AddressMap map,
                Thread owner) {
        this.classes = classes;
        this.smallClasses = smallClasses;
        this.arenas = arenas;
        this.map = map;
        this.arena = arena;
        this.owner = owner;
        // Every class has a (possibly empty) slot range, so the fast paths index by class without
        // asking whether it is cached: an empty range misses on pop and is full on push.
        int n = org.jmalloc.allocator.sizeclass.SizeClasses.NUM_CLASSES;
        meta = new int[4 * n];
        fill = new int[n];
        missed = new boolean[n];
        int total = 0;
        for (int c = 0; c < classes; c++) {
            int slots = c < smallClasses
                    ? Math.clamp(2L * regionsPerSlab[c], SMALL_SLOTS_MIN, SMALL_SLOTS_MAX)
                    : LARGE_SLOTS;
            meta[4 * c + BASE] = total;
            meta[4 * c + TOP] = total;
            meta[4 * c + LOW] = total;
            meta[4 * c + LIMIT] = total + slots;
            fill[c] = Math.max(1, slots / 2);
            total += slots;
        }
        stack = new long[Math.max(total, 1)];
    }

    /** Whether class {@code c} is cached (the cache is enabled and covers it). */
    public boolean caches(int c) {
        return c < classes && meta[4 * c + LIMIT] != meta[4 * c + BASE];
    }

    public boolean isSmall(int c) {
        return c < smallClasses;
    }

    /** Pops the newest cached block of class {@code c}, keeping the low-water mark; 0 when empty. */
    public long pop(int c) {
        int t = meta[4 * c + TOP];
        if (t == meta[4 * c + BASE]) {
            return 0;
        }
        meta[4 * c + TOP] = --t;
        if (t < meta[4 * c + LOW]) {
            meta[4 * c + LOW] = t;
        }
        return stack[t];
    }

    /**
     * Refills an empty small class from the arena and pops one block.
     *
     * @throws OutOfMemoryError when the arena cannot map a slab
     */
    public long refillAndPop(int c) {
        missed[c] = true;
        int b = meta[4 * c + BASE];
        int got = arena.fill(c, stack, b, Math.min(fill[c], meta[4 * c + LIMIT] - b));
        int t = b + got - 1;
        meta[4 * c + TOP] = t;
        meta[4 * c + LOW] = Math.min(meta[4 * c + LOW], t);
        return stack[t];
    }

    /** Flushes the older half of a full class, making room for a push. */
    public void makeRoom(int c) {
        int count = meta[4 * c + TOP] - meta[4 * c + BASE];
        flush(c, count - count / 2, true);
    }

    /** Returns every cached block to its arena (thread exit, flushThreadCache, purge). */
    public void flushAll() {
        for (int c = 0; c < classes; c++) {
            flush(c, meta[4 * c + TOP] - meta[4 * c + BASE], false);
        }
    }

    /** Makes every fast path miss, so the next call takes the slow path (which sees the closed allocator). */
    void disable() {
        for (int c = 0; c < classes; c++) {
            meta[4 * c + TOP] = meta[4 * c + BASE];
            meta[4 * c + LIMIT] = meta[4 * c + BASE];
            meta[4 * c + LOW] = meta[4 * c + BASE];
        }
    }

    /** One incremental GC step; called from the allocation fast path every {@value #GC_INTERVAL} calls. */
    public void gcEvent() {
        ticks = GC_INTERVAL;
        if (classes == 0) {
            return;
        }
        int c = gcClass;
        gcClass = c + 1 == classes ? 0 : c + 1;
        int unused = meta[4 * c + LOW] - meta[4 * c + BASE];
        if (unused > 0) {
            flush(c, unused - unused / 4, true);
            fill[c] = Math.max(1, fill[c] / 2);
        } else if (missed[c]) {
            fill[c] = Math.min(Math.max(1, (meta[4 * c + LIMIT] - meta[4 * c + BASE]) / 2), fill[c] * 2);
        }
        missed[c] = false;
        meta[4 * c + LOW] = meta[4 * c + TOP];
    }

    /**
     * Returns the {@code n} oldest blocks of class {@code c} to their arenas and slides the rest
     * down. Blocks of one arena go back under one lock hold.
     *
     * @param park whether small blocks may be parked in their bins (routine flushes: overflow and
     *     GC) rather than returned to their slabs (explicit ones: {@link #flushAll}, which
     *     {@code flushThreadCache()} and thread exit use, so that emptied slabs go back at once)
     */
    private void flush(int c, int n, boolean park) {
        if (n <= 0) {
            return;
        }
        int b = meta[4 * c + BASE];
        long[] s = stack;
        boolean small = c < smallClasses;
        try {
            for (int i = b; i < b + n; i++) {
                long address = s[i];
                if (address == 0) {
                    continue;
                }
                Extent first = map.get(address);
                Arena owner = arenas[first.arena];
                if (!small) {
                    s[i] = 0;
                    owner.freeLarge(first);
                    continue;
                }
                var bin = owner.bins[c];
                bin.lock.lock();
                try {
                    for (int j = i; j < b + n; j++) {
                        long a = s[j];
                        if (a == 0) {
                            continue;
                        }
                        Extent e = map.get(a);
                        if (e.arena == owner.index) {
                            s[j] = 0; // cleared first: a block is never returned twice, even on failure
                            if (!park || !bin.park(a)) {
                                bin.free(e, a);
                            }
                        }
                    }
                } finally {
                    bin.lock.unlock();
                }
            }
        } finally {
            int keep = meta[4 * c + TOP] - b - n;
            System.arraycopy(s, b + n, s, b, keep);
            meta[4 * c + TOP] = b + keep;
            meta[4 * c + LOW] = Math.min(meta[4 * c + LOW], meta[4 * c + TOP]);
        }
    }
}
