package org.jmalloc.allocator.prof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The live-sample table against a plain map, over random puts, replacements and removals of addresses laid out as
 * blocks are (16-byte and page multiples, clustered so that probe runs collide, wrap around and get shifted back).
 */
class LiveSamplesTest {

    @Test
    void behavesAsAMapOfAddressesToSamplesThroughGrowthAndRemoval() {
        for (long seed = 1; seed <= 20; seed++) {
            LiveSamples table = new LiveSamples();
            Map<Long, Sample> model = new HashMap<>();
            SplittableRandom random = new SplittableRandom(seed);
            int universe = 8 + random.nextInt(400); // few addresses: heavy reuse; many: growth
            for (int step = 0; step < 5_000; step++) {
                long address = 0x7f12_3400_0000L + (random.nextBoolean() ? 4096L : 16L) * random.nextInt(universe) + 16;
                int op = random.nextInt(3);
                if (op < 2) {
                    Sample s = sample(address);
                    assertSame(model.put(address, s), table.put(s), "put at 0x" + Long.toHexString(address) + " returns the one it replaced");
                } else {
                    assertSame(model.remove(address), table.remove(address), "remove at 0x" + Long.toHexString(address));
                }
                assertEquals(model.size(), table.size());
                long probe = 0x7f12_3400_0000L + 16L * random.nextInt(4 * universe);
                assertSame(model.get(probe), table.get(probe), "seed " + seed + " step " + step + ": lookup of 0x" + Long.toHexString(probe));
            }
            for (Map.Entry<Long, Sample> e : model.entrySet()) {
                assertSame(e.getValue(), table.get(e.getKey()));
            }
            assertEquals(new HashSet<>(model.values()), new HashSet<>(table.all()), "every live sample once");
            assertEquals(model.size(), table.all().size());
        }
    }

    @Test
    void emptiesCompletely() {
        LiveSamples table = new LiveSamples();
        for (long a = 1; a <= 1_000; a++) {
            table.put(sample(a << 4));
        }
        for (long a = 1_000; a >= 1; a--) {
            assertEquals(a << 4, table.remove(a << 4).address());
        }
        assertEquals(0, table.size());
        assertEquals(0, table.all().size());
        assertNull(table.get(16));
        assertNull(table.remove(16), "removing an absent address is a no-op");
    }

    @Test
    void refusesAddressZero() {
        assertThrows(IllegalArgumentException.class, () -> new LiveSamples().put(sample(0)));
    }

    private static Sample sample(long address) {
        return new Sample(address, 64, 3, true, 1.0, 1, null);
    }
}
