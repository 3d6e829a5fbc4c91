package org.jmalloc.allocator.tcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.junit.jupiter.api.Test;

/**
 * The event word's layout: both budgets decode exactly after any sequence of mallocs, each budget
 * alone fires the event at exactly the call that exhausts it, and neither field disturbs the
 * other.
 */
class CacheEventsTest {

    @Test
    void callBudgetFiresOnTheLastCall() {
        long w = CacheEvents.arm(1024, CacheEvents.NO_BYTE_EVENT);
        for (int i = 1; i <= 1024; i++) {
            w -= CacheEvents.increment(SizeClasses.index(32 * 1024)); // the largest cached default class
            assertEquals(i == 1024, CacheEvents.fired(w), "call " + i);
        }
        assertEquals(0, CacheEvents.callsLeft(w));
        assertEquals(CacheEvents.NO_BYTE_EVENT - 1024L * 32 * 1024, CacheEvents.bytesLeft(w));
    }

    @Test
    void byteBudgetFiresOnTheAllocationThatCrossesIt() {
        long w = CacheEvents.arm(CacheEvents.MAX_CALLS, 1000);
        int c = SizeClasses.index(112);
        for (int i = 1; i <= 9; i++) {
            w -= CacheEvents.increment(c);
            assertEquals(i == 9, CacheEvents.fired(w), "allocation " + i + " (" + i * 112 + " bytes)");
        }
        assertEquals(1000 - 9 * 112, CacheEvents.bytesLeft(w));
        assertEquals(CacheEvents.MAX_CALLS - 9, CacheEvents.callsLeft(w));
    }

    @Test
    void slowPathBytesCountWithoutACall() {
        long w = CacheEvents.arm(10, 1 << 20);
        w -= CacheEvents.bytesOnly(4096);
        assertFalse(CacheEvents.fired(w));
        assertEquals(10, CacheEvents.callsLeft(w));
        assertEquals((1 << 20) - 4096, CacheEvents.bytesLeft(w));
    }

    @Test
    void randomSequencesDecodeExactly() {
        SplittableRandom random = new SplittableRandom(0xE7E57L);
        for (int round = 0; round < 2000; round++) {
            long calls = 1 + random.nextInt((int) CacheEvents.MAX_CALLS);
            long bytes = 1 + random.nextLong(CacheEvents.NO_BYTE_EVENT);
            long w = CacheEvents.arm(calls, bytes);
            long usedCalls = 0;
            long usedBytes = 0;
            while (!CacheEvents.fired(w)) {
                int c = random.nextInt(SizeClasses.index(1 << 20) + 1);
                w -= CacheEvents.increment(c);
                usedCalls++;
                usedBytes += SizeClasses.size(c);
            }
            assertEquals(calls - usedCalls, CacheEvents.callsLeft(w), "round " + round);
            assertEquals(bytes - usedBytes, CacheEvents.bytesLeft(w), "round " + round);
            assertTrue(CacheEvents.callsLeft(w) == 0 || CacheEvents.bytesLeft(w) < 0, "round " + round);
        }
    }

    @Test
    void outOfRangeBudgetsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> CacheEvents.arm(0, 1));
        assertThrows(IllegalArgumentException.class, () -> CacheEvents.arm(CacheEvents.MAX_CALLS + 1, 1));
        assertThrows(IllegalArgumentException.class, () -> CacheEvents.arm(1, CacheEvents.NO_BYTE_EVENT + 1));
    }
}
