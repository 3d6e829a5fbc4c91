package org.jmalloc.allocator.tcache;

import org.jmalloc.allocator.sizeclass.SizeClasses;

/**
 * The layout of a thread cache's {@code long[]} ("slots"), and the one place that knows it: the
 * allocator's inlined fast paths and {@link ThreadCache} both read and write the array through
 * these static accessors, which compile to the shifts and masks written out by hand.
 *
 * <pre>
 *   index:  0          …  n−1          n       n+1     n+2 …                                       (n = NUM_CLASSES)
 *   slots:  | header 0 | … | header n−1 | TICKS | OWNER | 0 | class 0's stack | 0 | class 1's stack | … | 0 |
 *
 *   header (one long per class):
 *     bit   63        48 47       32 31        16 15         0
 *           |    LOW    |   LIMIT   |    POPS    |    TOP     |
 *
 *   class c's stack:  slots[BASE] … slots[TOP − 1] cached (oldest → newest), room up to slots[LIMIT − 1];
 *                     slots[BASE − 1] is a 0 that nothing writes (the sentinel), BASE is kept by the
 *                     cache ({@link ThreadCache#base}); BASE ≤ LOW ≤ TOP ≤ LIMIT; empty: TOP == BASE,
 *                     so slots[TOP − 1] == 0; full: TOP == LIMIT
 *   LOW:   the lowest TOP since the class's last incremental GC step (the low-water mark)
 *   POPS:  0xFFFF minus the fast path's pops of the class since the cache last harvested them
 *          (its allocation requests, jemalloc's nrequests, counted with no instruction of its own)
 *   TICKS: the event word ({@link CacheEvents})
 *   OWNER: the owning platform thread's id (-1 for a shared cache); after TICKS, so the fast
 *          path's range check on it also covers the tick counter
 *   the classes after the cached ones have empty stacks that share the last sentinel
 * </pre>
 *
 * A pop reads {@code slots[TOP − 1]} — the block, or the sentinel's 0 when the stack is empty, so
 * the emptiness test is the block load the pop makes anyway — and stores {@code header − POP}:
 * TOP − 1 and POPS − 1 in one subtraction, no mask, no borrow (TOP > BASE ≥ 1 before a pop; POPS
 * stays above 0 because the cache harvests every class's count before the event word can have
 * counted 0xFFFF pops: {@link ThreadCache#rearm}). A push stores {@code header + 1} (TOP < LIMIT ≤
 * 0xFFFF before a push). {@code ThreadCacheTest} checks the layout end to end.
 */
public final class CacheSlots {

    /** Bit positions of the header fields. */
    public static final int TOP_SHIFT = 0;
    public static final int POPS_SHIFT = 16;
    public static final int LIMIT_SHIFT = 32;
    public static final int LOW_SHIFT = 48;
    /** Every field's mask (16 bits: a cache has at most 65535 slots). */
    public static final long FIELD = 0xFFFF;

    /** {@code slots[TICKS]}: allocations left until the next incremental GC step. */
    public static final int TICKS = SizeClasses.NUM_CLASSES;
    /** {@code slots[OWNER]}: the owning platform thread's id, -1 for a shared cache. */
    public static final int OWNER = TICKS + 1;
    /** Index of the first stack slot's sentinel (class 0's stack starts after it). */
    public static final int FIRST_SLOT = OWNER + 1;
    /** POPS when no pop was counted since the last harvest. */
    public static final int POPS_NONE = 0xFFFF;
    /** What a pop subtracts from the header: TOP − 1 and POPS − 1. */
    public static final long POP = 1L << POPS_SHIFT | 1;

    private CacheSlots() {
    }

    /** A header word. */
    public static long header(int top, int pops, int limit, int low) {
        return (long) top << TOP_SHIFT | (long) pops << POPS_SHIFT | (long) limit << LIMIT_SHIFT
                | (long) low << LOW_SHIFT;
    }

    /** Index of the next free slot. */
    public static int top(long header) {
        return (int) header & 0xFFFF;
    }

    /** The POPS field: {@link #POPS_NONE} minus the pops since the last harvest. */
    public static int pops(long header) {
        return (int) header >>> POPS_SHIFT;
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

    /** The header after popping one block (TOP − 1, POPS − 1); the caller has checked the stack is not empty. */
    public static long popped(long header) {
        return header - POP;
    }

    /** The header after pushing one block (TOP + 1); the caller has checked the stack is not full. */
    public static long pushed(long header) {
        return header + 1;
    }
}
