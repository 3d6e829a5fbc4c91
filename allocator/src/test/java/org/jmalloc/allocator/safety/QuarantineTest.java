package org.jmalloc.allocator.safety;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Blocks leave the quarantine oldest first once the byte capacity is exceeded, each exactly once. */
class QuarantineTest {

    @Test
    void oldestBlocksLeaveOnceTheCapacityIsExceeded() {
        Quarantine q = new Quarantine(100);
        assertEquals(0, q.add(0x1000, 40).length);
        assertEquals(0, q.add(0x2000, 60).length);
        assertTrue(q.contains(0x1000));
        Quarantine.Block[] out = q.add(0x3000, 30); // 130 > 100: the oldest (40) goes
        assertArrayEquals(new Quarantine.Block[] {new Quarantine.Block(0x1000, 40)}, out);
        assertFalse(q.contains(0x1000));
        assertEquals(90, q.bytes());
        out = q.add(0x4000, 200); // everything older, and the new block itself, exceed 100
        assertEquals(3, out.length);
        assertEquals(0x4000, out[2].address());
        assertEquals(0, q.bytes());
        assertEquals(0, q.drain().length);
    }

    @Test
    void zeroCapacityHandsEveryBlockStraightBack() {
        Quarantine q = new Quarantine(0);
        assertArrayEquals(new Quarantine.Block[] {new Quarantine.Block(0x10, 16)}, q.add(0x10, 16));
        assertFalse(q.contains(0x10));
    }

    @Test
    void drainEmptiesInFreeOrder() {
        Quarantine q = new Quarantine(1 << 20);
        q.add(0x10, 16);
        q.add(0x20, 16);
        Quarantine.Block[] all = q.drain();
        assertEquals(0x10, all[0].address());
        assertEquals(0x20, all[1].address());
        assertEquals(0, q.bytes());
    }

    @Test
    void negativeCapacityIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Quarantine(-1));
    }
}
