package org.jmalloc.allocator.tcache;

import java.util.Arrays;
import org.jmalloc.allocator.arena.Arena;
import org.jmalloc.allocator.extent.AddressMap;
import org.jmalloc.allocator.extent.HeapBytes;
import org.jmalloc.allocator.extent.PageIndex;
import org.jmalloc.allocator.sizeclass.SizeClasses;

/**
 * One thread's cache: for every cached size class a bounded stack of free block addresses, all in
 * one {@code long[]} laid out as {@link CacheSlots} draws it (per-class headers, the GC tick counter
 * and the owner's thread id, then the stacks).
 *
 * <p>The fast paths live in {@code Allocator} and touch only {@link #slots()}, which the
 * registry's by-thread-id table holds directly (one dependent load less than going through this
 * object): the caller checks {@code slots[OWNER]} is its thread id, then a pop reads the header
 * (top and base in one load), writes it back decremented and reads the block; a push reads the
 * header (top and limit), writes the block and the header incremented. One array, so one range
 * check per access and few live registers. A miss fills half the stack from the arena in one
 * locked batch; a full stack flushes its older half back to the owning arenas (grouped by arena,
 * one lock per group). Every {@value #GC_INTERVAL} allocations one class is garbage collected
 * incrementally as in jemalloc: blocks below its low-water mark sat unused for a whole interval,
 * so 3/4 of them go back and its fill batch halves; a class that ran dry doubles its fill batch.
 *
 * <p>Ownership: a cache is used by one thread at a time — its owner platform thread, or a virtual
 * thread holding one of the shared caches' slots — and by the registry only once the owner is dead
 * or the allocator is closing. Not thread-safe otherwise.
 */
public final class ThreadCache {

    public static final int GC_INTERVAL = 1024;
    private static final int SMALL_SLOTS_MIN = 20;
    private static final int SMALL_SLOTS_MAX = 200;
    private static final int LARGE_SLOTS = 20;

    /** Headers, then the stacks, as {@link CacheSlots} lays them out. */
    private final long[] slots;
    /** Per class, the index of its first stack slot (its header keeps the pop count instead). */
    private final int[] bases;
    /** Per class, the index one past its stack's last slot (its base when the class is not cached). */
    private final int[] limits;
    /**
     * Per class, allocation requests this cache served and has not yet merged into its arena: the
     * fast path's pops harvested from the headers' POPS fields, and the slow paths' calls.
     */
    private final long[] requests;
    /** Calls the event word was armed with since the POPS fields were last harvested. */
    private long armedSinceHarvest;
    private final int[] fill;
    private final boolean[] missed;
    private final int classes;
    private final int smallClasses;
    private final Arena[] arenas;
    private final AddressMap map;
    /**
     * The owning platform thread, or null for a shared cache. Changes only in {@link #takeOver},
     * when the registry hands a reaped cache to a new thread (under its lock, before that thread's
     * first use of it).
     */
    private Thread owner;
    /** The arena this cache fills from, chosen by the registry for its owner; changes only in {@link #takeOver}. */
    private Arena arena;
    private int gcClass;
    /** Allocation accounting: written on this cache's slow paths, read back with the event word. */
    private final CacheCounters counters = new CacheCounters();

    /**
     * @param classes cached classes: {@code 0 .. classes-1} (small ones and large ones up to the
     *     thread-cache maximum); 0 disables caching
     * @param regionsPerSlab per small class, to size the stacks: {@code SizeClasses.runRegions}
     */
    ThreadCache(int classes, int smallClasses, int[] regionsPerSlab, Arena arena, Arena[] arenas, AddressMap map,
                Thread owner) {
        this.classes = classes;
        this.smallClasses = smallClasses;
        this.arenas = arenas;
        this.map = map;
        // Every class has a header and a (possibly empty) slot range, so the fast paths index by
        // class without asking whether it is cached: an empty range misses on pop and is full on push.
        int n = SizeClasses.NUM_CLASSES;
        fill = new int[n];
        missed = new boolean[n];
        bases = new int[n];
        requests = new long[n];
        limits = new int[n];
        int total = CacheSlots.FIRST_SLOT;
        for (int c = 0; c < n; c++) {
            int count = c >= classes ? 0
                    : c < smallClasses ? Math.clamp(2L * regionsPerSlab[c], SMALL_SLOTS_MIN, SMALL_SLOTS_MAX)
                    : LARGE_SLOTS;
            if (c <= classes) {
                total++; // the sentinel below the stack (the uncached classes share one)
            }
            bases[c] = total;
            total += count;
            limits[c] = total;
        }
        if (total > CacheSlots.FIELD) {
            throw new IllegalStateException("thread cache of " + total + " slots: more than a header can index");
        }
        slots = new long[total];
        takeOver(owner, arena);
    }

    /**
     * Makes this cache, new or reaped (a dead thread's cache of the same registry, flushed empty
     * and unregistered), the empty cache of {@code owner} filling from {@code arena}. The registry
     * recycles dead threads' caches whole, as jemalloc gives a dead thread's tcache memory back, so
     * that a program starting thread after thread allocates nothing on the Java heap for them: every
     * byte a short-lived thread allocates takes a fresh TLAB of its own, and the heap pages those
     * touch stay resident. Caller: the registry under its lock, or the constructor.
     */
    void takeOver(Thread owner, Arena arena) {
        this.owner = owner;
        this.arena = arena;
        gcClass = 0;
        counters.reset();
        Arrays.fill(missed, false);
        Arrays.fill(requests, 0L); // merged into the arena when the reaped cache was flushed
        Arrays.fill(slots, 0L);
        for (int c = 0; c < SizeClasses.NUM_CLASSES; c++) {
            slots[c] = CacheSlots.header(bases[c], CacheSlots.POPS_NONE, limits[c], bases[c]);
            fill[c] = Math.max(1, (limits[c] - bases[c]) / 2);
        }
        slots[CacheSlots.OWNER] = owner != null ? owner.threadId() : -1;
        slots[CacheSlots.TICKS] = CacheEvents.arm(GC_INTERVAL, CacheEvents.NO_BYTE_EVENT);
        counters.armed(GC_INTERVAL, CacheEvents.NO_BYTE_EVENT);
        armedSinceHarvest = GC_INTERVAL;
    }

    /** Heap bytes of this cache's arrays: its slots, fill batches, miss flags and counters. */
    long metadataBytes() {
        return HeapBytes.longArray(slots.length) + HeapBytes.intArray(fill.length) + HeapBytes.booleanArray(missed.length)
                + HeapBytes.intArray(bases.length) + HeapBytes.intArray(limits.length)
                + HeapBytes.longArray(requests.length) + counters.metadataBytes();
    }

    /** The owning platform thread, or null for a shared cache. */
    public Thread owner() {
        return owner;
    }

    /**
     * Headers, then the stacks (see the class comment): the array the allocator's fast paths
     * read and write directly, and the registry's by-thread-id table holds.
     */
    public long[] slots() {
        return slots;
    }

    /** The arena this cache fills from (and the one small blocks it allocates come from). */
    public Arena arena() {
        return arena;
    }

    /** Index of the next free slot of class {@code c}. */
    public int top(int c) {
        return CacheSlots.top(slots[c]);
    }

    /** Index of the first slot of class {@code c}. */
    public int base(int c) {
        return bases[c];
    }

    /** One past the last slot of class {@code c}. */
    public int limit(int c) {
        return CacheSlots.limit(slots[c]);
    }

    /** Lowest {@link #top} since the last GC step of class {@code c}. */
    public int low(int c) {
        return CacheSlots.low(slots[c]);
    }

    private void setTopAndLow(int c, int top, int low) {
        slots[c] = CacheSlots.header(top, CacheSlots.pops(slots[c]), limit(c), low);
    }

    /** Pushes a block of class {@code c}, making room first when the stack is full. */
    public void push(int c, long address) {
        if (top(c) == limit(c)) {
            makeRoom(c);
        }
        int t = top(c);
        slots[t] = address;
        setTopAndLow(c, t + 1, low(c));
    }

    /**
     * Refills so far ({@link #refillAndPop} calls), from the cache's counters: exact when read by
     * the cache's user, or by another thread ordered after the user's last call (the registry
     * reading a dead owner's cache, a stats snapshot after the threads it counts have finished);
     * racy otherwise.
     */
    public long fills() {
        return counters.get(CacheCounters.FILLS);
    }

    /** Flushes so far (calls that returned at least one block of a class to the arenas); as {@link #fills()}. */
    public long flushes() {
        return counters.get(CacheCounters.FLUSHES);
    }

    /** Whether class {@code c} is cached (the cache is enabled and covers it). */
    public boolean caches(int c) {
        return c < classes && limit(c) != base(c);
    }

    public boolean isSmall(int c) {
        return c < smallClasses;
    }

    /** Pops the newest cached block of class {@code c}, keeping the low-water mark; 0 when empty. */
    public long pop(int c) {
        int t = top(c);
        if (t == base(c)) {
            return 0;
        }
        t--;
        setTopAndLow(c, t, Math.min(t, low(c)));
        return slots[t];
    }

    /**
     * Counts one allocation request of class {@code c} served through this cache (the fast path's
     * pops count themselves in the header): for the slow paths, once the call has succeeded.
     */
    public void countRequest(int c) {
        requests[c]++;
    }

    /**
     * Requests of class {@code c} not yet merged into the arena: the counted ones and the pops in
     * the header (racy when read by another thread: two word reads).
     */
    public long pendingRequests(int c) {
        return requests[c] + (CacheSlots.POPS_NONE - CacheSlots.pops(slots[c]));
    }

    /** Moves the pops counted in class {@code c}'s header into {@link #requests} (owner thread). */
    private void harvestPops(int c) {
        long h = slots[c];
        int popped = CacheSlots.POPS_NONE - CacheSlots.pops(h);
        if (popped != 0) {
            requests[c] += popped;
            slots[c] = h + ((long) popped << CacheSlots.POPS_SHIFT); // POPS back to POPS_NONE
        }
    }

    /** Moves class {@code c}'s pending requests into this cache's arena's count. */
    private void mergeRequests(int c) {
        harvestPops(c);
        long n = requests[c];
        if (n != 0) {
            requests[c] = 0;
            arena.countRequests(c, n);
        }
    }

    /** Moves every class's pending requests into the arena (before the cache is flushed whole or recycled). */
    public void mergeAllRequests() {
        for (int c = 0; c < SizeClasses.NUM_CLASSES; c++) {
            mergeRequests(c);
        }
    }

    /**
     * Refills an empty small class from the arena and pops one block.
     *
     * @throws OutOfMemoryError when the arena cannot map a slab
     */
    public long refillAndPop(int c) {
        missed[c] = true;
        int b = base(c);
        int got = arena.fill(c, slots, b, Math.min(fill[c], limit(c) - b));
        counters.filled(got * SizeClasses.size(c));
        mergeRequests(c);
        int t = b + got - 1;
        setTopAndLow(c, t, Math.min(low(c), t));
        return slots[t];
    }

    /** Flushes the older half of a full class, making room for a push. */
    public void makeRoom(int c) {
        int count = top(c) - base(c);
        flush(c, count - count / 2, true);
    }

    /** Returns every cached block to its arena (thread exit, flushThreadCache, purge). */
    public void flushAll() {
        mergeAllRequests();
        for (int c = 0; c < classes; c++) {
            flush(c, top(c) - base(c), false);
        }
    }

    /** Makes every fast path miss, so the next call takes the slow path (which sees the closed allocator). */
    void disable() {
        for (int c = 0; c < classes; c++) {
            int b = base(c);
            slots[c] = CacheSlots.header(b, CacheSlots.pops(slots[c]), b, b);
        }
    }

    /** One incremental GC step; called from the allocation fast path every {@value #GC_INTERVAL} calls. */
    public void gcEvent() {
        if (classes == 0) {
            return;
        }
        int c = gcClass;
        gcClass = c + 1 == classes ? 0 : c + 1;
        mergeRequests(c);
        int unused = low(c) - base(c);
        if (unused > 0) {
            flush(c, unused - unused / 4, true);
            fill[c] = Math.max(1, fill[c] / 2);
        } else if (missed[c]) {
            fill[c] = Math.min(Math.max(1, (limit(c) - base(c)) / 2), fill[c] * 2);
        }
        missed[c] = false;
        setTopAndLow(c, top(c), top(c));
    }

    /**
     * Returns the {@code n} oldest blocks of class {@code c} to their arenas and slides the rest
     * down. Blocks of one arena go back under one lock hold. When a block fails to go back (a
     * double free reaching its slab), the exception propagates, that block is dropped and every
     * other block not yet returned stays cached, so a later flush returns it.
     *
     * @param park whether small blocks may be parked in their bins (routine flushes: overflow and
     *     GC) rather than returned to their slabs (explicit ones: {@link #flushAll}, which
     *     {@code flushThreadCache()} and thread exit use, so that emptied slabs go back at once)
     */
    private void flush(int c, int n, boolean park) {
        if (n <= 0) {
            return;
        }
        int b = base(c);
        long[] s = slots;
        boolean small = c < smallClasses;
        boolean returned = false;
        try {
            for (int i = b; i < b + n; i++) {
                long address = s[i];
                if (address == 0) {
                    continue;
                }
                // The arena comes from the page index, not the extent record: the record's line is
                // written by the owning arena's threads (slab counters, tree links), so reading it
                // for every block would pull that line across cores on every remote free.
                Arena owner = arenas[PageIndex.arenaOf(PageIndex.entry(address))];
                if (!small) {
                    s[i] = 0;
                    owner.freeLarge(map.get(address));
                    continue;
                }
                var bin = owner.bin(c);
                bin.lock.lock();
                try {
                    bin.countFlush();
                    for (int j = i; j < b + n; j++) {
                        long a = s[j];
                        if (a == 0 || PageIndex.arenaOf(PageIndex.entry(a)) != owner.index) {
                            continue;
                        }
                        s[j] = 0; // cleared first: a block is never returned twice, even on failure
                        if (!park || !bin.park(a)) {
                            bin.free(map.get(a), a);
                        }
                    }
                } finally {
                    bin.lock.unlock();
                }
            }
            returned = true;
        } finally {
            int top = top(c);
            int kept;
            if (returned) {
                kept = top - b - n;
                System.arraycopy(s, b + n, s, b, kept);
            } else {
                // A block failed to go back (its slot is already cleared): keep every block not
                // yet returned, the unprocessed ones of the first n included, in order.
                kept = 0;
                for (int i = b; i < top; i++) {
                    if (s[i] != 0) {
                        s[b + kept++] = s[i];
                    }
                }
            }
            counters.flushed((long) (top - b - kept) * SizeClasses.size(c));
            mergeRequests(c);
            setTopAndLow(c, b + kept, Math.min(low(c), b + kept));
        }
    }

    // ---- accounting (see CacheCounters and CacheEvents) ------------------------------------------

    /** This cache's counters. */
    public CacheCounters counters() {
        return counters;
    }

    /**
     * Folds the event word's consumption into the counters and arms it anew (owner thread): after
     * an event, or when the byte budget changes (profiling switched on or off).
     */
    public void rearm(long calls, long bytes) {
        // The fast path pops at most as often as the word counts calls: harvest the headers' POPS
        // fields before the calls armed since the last harvest could take one below 1.
        if (armedSinceHarvest + calls >= CacheSlots.POPS_NONE) {
            for (int c = 0; c < classes; c++) {
                harvestPops(c);
            }
            armedSinceHarvest = 0;
        }
        armedSinceHarvest += calls;
        counters.harvest(slots[CacheSlots.TICKS]);
        slots[CacheSlots.TICKS] = CacheEvents.arm(calls, bytes);
        counters.armed(calls, bytes);
        observePeak();
    }

    /**
     * Notes the current {@code allocated − deallocated} for the peak (after a direct allocation).
     * The sum over the stacks ({@link #cachedBytes}, a loop over every class) is taken only when
     * the counters say a new peak is possible ({@link CacheCounters#mayPeak}).
     */
    public void observePeak() {
        if (counters.mayPeak()) {
            counters.observe(slots[CacheSlots.TICKS], cachedBytes());
        }
    }

    /** {@code thread.peak.reset}: the peak starts again from the current net allocation. */
    public void resetPeak() {
        counters.resetPeak(slots[CacheSlots.TICKS], cachedBytes());
    }

    /**
     * Counts a slow-path allocation of {@code usable} bytes in the event word (owner, or the holder
     * of a shared cache).
     *
     * @return whether it crossed the byte budget (a heap-profile sample is due)
     */
    public boolean countSlow(long usable) {
        long w = slots[CacheSlots.TICKS] - CacheEvents.bytesOnly(usable);
        slots[CacheSlots.TICKS] = w;
        return CacheEvents.bytesLeft(w) < 0;
    }

    /** Counts a pop that a slow path served from a stack. */
    public void countSlowHit() {
        counters.slowHit();
    }

    /** Bytes on this cache's stacks now (racy when read by another thread). */
    public long cachedBytes() {
        long sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += (long) (top(c) - base(c)) * SizeClasses.size(c);
        }
        return sum;
    }

    /** The counters' current totals (exact on the owner thread; see {@link CacheCounters}). */
    public CacheCounters.Totals totals() {
        return counters.totals(slots[CacheSlots.TICKS], cachedBytes());
    }
}
