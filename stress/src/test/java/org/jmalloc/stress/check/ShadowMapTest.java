package org.jmalloc.stress.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShadowMapTest {

    @Test
    void add_reportsEveryKindOfOverlap() {
        ShadowMap map = new ShadowMap(0);
        assertNull(map.add(1000, 100));
        assertNotNull(map.add(1000, 100), "same start");
        assertNotNull(map.add(1050, 10), "inside");
        assertNotNull(map.add(950, 51), "tail reaches into it");
        assertNotNull(map.add(1099, 10), "starts on its last byte");
        assertNotNull(map.add(900, 300), "covers it");
        assertEquals(1, map.size());
    }

    @Test
    void add_acceptsNeighboursThatTouch() {
        ShadowMap map = new ShadowMap(0);
        assertNull(map.add(1000, 100));
        assertNull(map.add(1100, 100));
        assertNull(map.add(900, 100));
        assertEquals(3, map.size());
    }

    @Test
    void remove_freesTheRangeForReuse() {
        ShadowMap map = new ShadowMap(0);
        assertNull(map.add(1000, 100));
        map.remove(1000, 100);
        assertNull(map.add(1000, 64));
    }

    @Test
    void overlapReport_namesTheLiveBlock() {
        ShadowMap map = new ShadowMap(0);
        map.add(0x1000, 64);
        String other = map.add(0x1010, 16);
        assertTrue(other.contains("0x1000") && other.contains("64"), other);
    }

    @Test
    void sampled_dependsOnTheAddressAloneAndHitsAboutOneIn2PowShift() {
        ShadowMap map = new ShadowMap(4);
        int hits = 0;
        for (long a = 0; a < 160_000; a += 16) {
            if (map.sampled(a)) {
                hits++;
            }
            assertEquals(map.sampled(a), map.sampled(a));
        }
        assertTrue(hits > 10_000 / 16 * 8 / 10 && hits < 10_000 / 16 * 12 / 10, "hits " + hits);
    }

    @Test
    void constructor_rejectsAShiftOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ShadowMap(31));
        assertEquals("invalid shadow sample shift 31: must be between 0 (every block) and 30", e.getMessage());
    }
}
