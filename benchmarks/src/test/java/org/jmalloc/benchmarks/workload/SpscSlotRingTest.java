package org.jmalloc.benchmarks.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SpscSlotRingTest {

    @Test
    void claim_returnsMinusOneWhenFullAndPeekWhenEmpty() {
        SpscSlotRing ring = new SpscSlotRing(4);
        assertEquals(-1, ring.peek());
        for (int i = 0; i < 4; i++) {
            assertEquals(i, ring.claim());
            ring.publish();
        }
        assertEquals(-1, ring.claim());
        assertEquals(4, ring.size());
        assertEquals(0, ring.peek());
        ring.release();
        assertEquals(0, ring.claim(), "the released index is reused");
    }

    @Test
    void indicesWrapAroundInFifoOrder() {
        SpscSlotRing ring = new SpscSlotRing(8);
        for (int round = 0; round < 100; round++) {
            int produced = ring.claim();
            ring.publish();
            assertEquals(produced, ring.peek());
            ring.release();
            assertEquals(round % 8, produced);
        }
        assertEquals(0, ring.size());
    }

    @Test
    void rejectsACapacityThatIsNotAPowerOfTwo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SpscSlotRing(6));
        assertEquals("ring capacity must be a positive power of two, not 6", e.getMessage());
    }

    @Test
    void twoThreadsPassValuesInOrderThroughSideArray() throws Exception {
        SpscSlotRing ring = new SpscSlotRing(16);
        long[] payload = new long[16];
        int count = 1_000_000;
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            for (long v = 0; v < count; v++) {
                int slot;
                while ((slot = ring.claim()) < 0) {
                    Thread.onSpinWait();
                }
                payload[slot] = v;
                ring.publish();
            }
        });
        for (long expected = 0; expected < count; expected++) {
            int slot;
            while ((slot = ring.peek()) < 0) {
                Thread.onSpinWait();
            }
            assertEquals(expected, payload[slot]);
            ring.release();
        }
        producer.get(60, TimeUnit.SECONDS);
    }
}
