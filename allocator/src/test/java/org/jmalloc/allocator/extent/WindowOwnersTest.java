package org.jmalloc.allocator.extent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The index-page owner table against a plain map, over windows spread as index mappings are, through its growth. */
class WindowOwnersTest {

    @Test
    void behavesAsAMapOfWindowsToTablesThroughGrowth() {
        WindowOwners table = new WindowOwners();
        Map<Long, int[]> model = new java.util.HashMap<>();
        SplittableRandom random = new SplittableRandom(3);
        assertNull(table.get(0), "an untouched window has no table");
        for (int i = 0; i < 2_000; i++) {
            // Windows of mmap'd tables: 2 MiB apart near the top of the 47-bit space, and a few anywhere.
            long window = i % 10 == 0 ? random.nextLong(1L << 26) : (0x7f00_0000_0000L >>> 21) - random.nextInt(4096);
            int[] got = table.getOrCreate(window);
            assertEquals(WindowOwners.PAGES, got.length);
            int[] expected = model.computeIfAbsent(window, w -> got);
            assertSame(expected, got, "window " + window + " keeps its table");
            got[i % WindowOwners.PAGES] = i;
        }
        for (Map.Entry<Long, int[]> e : model.entrySet()) {
            assertSame(e.getValue(), table.get(e.getKey()));
        }
        assertNull(table.get((0x7f00_0000_0000L >>> 21) + 1), "a window never asked for");
        Map<int[], Boolean> seen = new IdentityHashMap<>();
        for (int[] owners : table.all()) {
            assertNull(seen.put(owners, true), "each table once");
        }
        assertEquals(model.size(), seen.size());
    }
}
