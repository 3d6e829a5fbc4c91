package org.jmalloc.allocator.tcache;

import org.jmalloc.allocator.sizeclass.SizeClasses;

/**
 * The event word of a thread cache ({@code slots[TICKS]}): one {@code long} that the malloc fast
 * path already counted down for the cache's incremental GC, now counting two budgets at once —
 * cached mallocs until the next GC step, and bytes until the next heap-profile sample — with a
 * single subtraction of a per-class constant and a single test.
 *
 * <pre>
 *   bit  63        62 ………………………………… 16     15          14 ……… 0
 *      | sign  |   bytes left (47 bits)    | call guard | calls left − 1 |
 *
 *   armed:        sign = 0, call guard = 1
 *   per malloc:   word −= INC[c] = usize(c) &lt;&lt; 16 | 1
 *   event when:   (word &amp; GUARDS) != ARMED   — the byte budget went negative (a borrow into the
 *                 sign bit) or the call count ran out (a borrow out of the call guard)
 * </pre>
 *
 * The call field's borrow stops at the guard bit, so it never reaches the byte field; the byte
 * field's borrow lands in the sign bit. Every event re-arms the word, so neither field ever
 * underflows twice. Since the subtraction replaces the former {@code --ticks}, the fast path pays
 * one more load (the constant, from a 2 KiB table) and nothing else; in exchange the word counts
 * every byte the thread allocates ({@code thread.allocated}) and triggers profile samples exactly
 * at the sampled byte, jemalloc's thread-event scheme.
 *
 * <p>{@code CacheEventsTest} checks the layout: calls and bytes decode exactly, each budget alone
 * triggers the event, and a word armed with the largest budgets never triggers early.
 */
public final class CacheEvents {

    /** Bytes of budget when nothing needs a byte event (2^46: no interval of cached mallocs reaches it). */
    public static final long NO_BYTE_EVENT = 1L << 46;
    /** The most calls a word can count. */
    public static final long MAX_CALLS = 1L << 15;

    private static final long CALL_GUARD = 1L << 15;
    private static final long SIGN = 1L << 63;
    /** The guard bits; {@code (word & GUARDS) == ARMED} while neither budget ran out. */
    public static final long GUARDS = SIGN | CALL_GUARD;
    public static final long ARMED = CALL_GUARD;
    private static final int BYTES_SHIFT = 16;

    /** {@code usize(c) << 16 | 1} by class, indexed with {@code c & 0xFF} so the bounds check folds. */
    private static final long[] INC = new long[256];

    static {
        if (SizeClasses.NUM_CLASSES > INC.length) {
            throw new ExceptionInInitializerError("more size classes than the event table holds");
        }
        for (int c = 0; c < SizeClasses.NUM_CLASSES; c++) {
            INC[c] = SizeClasses.size(c) << BYTES_SHIFT | 1;
        }
    }

    private CacheEvents() {
    }

    /** What one cached malloc of class {@code c} subtracts from the event word. */
    public static long increment(int c) {
        return INC[c & 0xFF];
    }

    /** What a slow-path allocation of {@code usable} bytes subtracts (bytes only, no call). */
    public static long bytesOnly(long usable) {
        return usable << BYTES_SHIFT;
    }

    /**
     * A word with {@code calls} cached mallocs and {@code bytes} bytes to go.
     *
     * @param calls 1 to {@link #MAX_CALLS}
     * @param bytes 1 to {@link #NO_BYTE_EVENT}
     */
    public static long arm(long calls, long bytes) {
        if (calls < 1 || calls > MAX_CALLS || bytes < 1 || bytes > NO_BYTE_EVENT) {
            throw new IllegalArgumentException("event budgets out of range: calls " + calls + ", bytes " + bytes);
        }
        return bytes << BYTES_SHIFT | CALL_GUARD | (calls - 1);
    }

    /** Whether either budget ran out. */
    public static boolean fired(long word) {
        return (word & GUARDS) != ARMED;
    }

    /** Cached mallocs left until the GC step (0 when that budget ran out). */
    public static long callsLeft(long word) {
        return (word & 0xFFFF) - CALL_GUARD + 1;
    }

    /** Bytes left until the next byte event (negative when the last allocation crossed it). */
    public static long bytesLeft(long word) {
        return word >> BYTES_SHIFT;
    }
}
