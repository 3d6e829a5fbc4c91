package org.jmalloc.allocator.tcache;

import org.jmalloc.allocator.sizeclass.SizeClasses;

/**
 * The layout of a thread cache's {@code long[]} ("slots"), and the one place that knows it: the
 * allocator's inlined fast paths and {@link ThreadCache} both read and write the array through
 * these static accessors, which compile to the shifts and masks written out by hand.
 *
 * <pre>
 *   index:  0          …  n−1          n       n+1     n+2 …  2n+1            2n+2 …            (n = NUM_CLASSES)
 *   slots:  | header 0 | … | header n−1 | TICKS | OWNER | REQUESTS 0 … n−1 | class 0's stack | class 1's stack | …
 *
 *   header (one long per class, slot indices into slots):
 *     bit   63        48 47       32 31        16 15         0
 *           |    LOW    |   LIMIT   |    BASE    |    TOP     |
 *
 *   class c's stack:  slots[BASE] … slots[TOP − 1] cached (oldest → newest), room up to slots[LIMIT − 1]
 *                     BASE ≤ LOW ≤ TOP ≤ LIMIT;  empty: TOP == BASE;  full: TOP == LIMIT
 *   LOW:   the lowest TOP since the class's last incremental GC step (the low-water mark)
 *   TICKS: cached mallocs left until the next GC step (counts down from ThreadCache.GC_INTERVAL)
 *   OWNER: the owning platform thread's id (-1 for a shared cache); after TICKS, so the fast
 *          path's range check on it also covers the tick counter
 *   REQUESTS + c: allocations of class c this cache served and has not yet merged into its
 *          arena's count ({@code Arena.countRequests}): the malloc fast path adds one per pop, the
 *          slow paths one per call they serve through this cache; merged at fills, flushes, GC
 *          steps and when the cache is flushed whole (thread exit, reaping, flushThreadCache).
 *          Right after OWNER, so the counters of the smallest classes share the cache line of
 *          the event word and the owner id, which every malloc touches already
 * </pre>
 *
 * TOP is the lowest field, so a pop stores {@code header − 1} and a push {@code header + 1}: no
 * mask, no borrow (TOP > BASE ≥ {@link #FIRST_SLOT} before a pop, TOP < LIMIT ≤ 0xFFFF before a
 * push). BASE is bits 16..31, so {@code (int) header >>> 16} reads it without a mask.
 * {@code ThreadCacheTest} checks the layout end to end.
 */
public final class CacheSlots {

    /** Bit positions of the header fields. */
    public static final int TOP_SHIFT = 0;
    public static final int BASE_SHIFT = 16;
    public static final int LIMIT_SHIFT = 32;
    public static final int LOW_SHIFT = 48;
    /** Every field's mask (16 bits: a cache has at most 65535 slots). */
    public static final long FIELD = 0xFFFF;

    /** {@code slots[TICKS]}: allocations left until the next incremental GC step. */
    public static final int TICKS = SizeClasses.NUM_CLASSES;
    /** {@code slots[OWNER]}: the owning platform thread's id, -1 for a shared cache. */
    public static final int OWNER = TICKS + 1;
    /** {@code slots[REQUESTS + c]}: class {@code c}'s requests not yet merged into the arena. */
    public static final int REQUESTS = OWNER + 1;
    /** Index of the first stack slot. */
    public static final int FIRST_SLOT = REQUESTS + SizeClasses.NUM_CLASSES;

    private CacheSlots() {
    }

    /** A header word. */
    public static long header(int top, int base, int limit, int low) {
        return (long) top << TOP_SHIFT | (long) base << BASE_SHIFT | (long) limit << LIMIT_SHIFT
                | (long) low << LOW_SHIFT;
    }

    /** Index of the next free slot. */
    public static int top(long header) {
        return (int) header & 0xFFFF;
    }

    /** Index of the class's first slot. */
    public static int base(long header) {
        return (int) header >>> BASE_SHIFT;
    }

    /** One past the class's last slot. */
    public static int limit(long header) {
        return (int) (header >>> LIMIT_SHIFT) & 0xFFFF;
    }

    /** The low-water mark. */
    public static int low(long header) {
        return (int) (header >>> LOW_SHIFT);
    }

    /** The header with its low-water mark replaced. */
    public static long withLow(long header, int low) {
        return header & ~(FIELD << LOW_SHIFT) | (long) low << LOW_SHIFT;
    }

    /** The header after popping one block (TOP − 1); the caller has checked the stack is not empty. */
    public static long popped(long header) {
        return header - 1;
    }

    /** The header after pushing one block (TOP + 1); the caller has checked the stack is not full. */
    public static long pushed(long header) {
        return header + 1;
    }
}
