package org.jmalloc.allocator.extent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The address → extent radix map: page granularity, range and boundary registration, addresses
 * outside the 48-bit range, and leaves created once even when threads race to create the same one.
 */
class AddressMapTest {

    /** A leaf covers 2^18 pages. */
    private static final int LEAF_PAGES = 1 << 12;

    @ParameterizedTest(name = "lgPage={0}")
    @ValueSource(ints = {12, 14, 16})
    void anExtentIsFoundFromEveryAddressOfTheRegisteredPagesOnly(int lgPage) {
        long page = 1L << lgPage;
        AddressMap map = new AddressMap(lgPage);
        Extent e = extent(0x7f00_0000_0000L, 5 * page);
        map.setRange(e.base, e.end(), e);
        for (long a = e.base; a < e.end(); a += page / 8) {
            assertSame(e, map.get(a), String.format("0x%x", a));
        }
        assertSame(e, map.get(e.end() - 1));
        assertNull(map.get(e.base - 1), "the page below");
        assertNull(map.get(e.end()), "the page above");

        Extent free = extent(e.end() + 3 * page, 7 * page);
        map.setBoundary(free);
        assertSame(free, map.get(free.base));
        assertSame(free, map.get(free.end() - 1));
        assertNull(map.get(free.base + page), "interior pages of a free extent are not registered");

        map.set(e.base + page, null);
        assertNull(map.get(e.base + page), "unregistered");
        assertSame(e, map.get(e.base), "neighbours untouched");
    }

    @ParameterizedTest(name = "lgPage={0}")
    @ValueSource(ints = {12, 16})
    void addressesOutsideTheFortyEightBitRangeFindNothing(int lgPage) {
        AddressMap map = new AddressMap(lgPage);
        long top = AddressMap.ADDRESS_LIMIT - (1L << lgPage);
        Extent e = extent(top, 1L << lgPage);
        map.set(top, e);
        assertSame(e, map.get(AddressMap.ADDRESS_LIMIT - 1), "last user-space byte");
        assertNull(map.get(AddressMap.ADDRESS_LIMIT), "2^48");
        assertNull(map.get(-1L), "a negative address");
        assertNull(map.get(Long.MIN_VALUE | top), "an address with the top bit set");
        assertNull(map.get(0), "address 0, never registered");
    }

    @ParameterizedTest(name = "lgPage={0}")
    @ValueSource(ints = {12, 16})
    void metadataGrowsByOneNodePerTouchedNodeRange(int lgPage) {
        AddressMap map = new AddressMap(lgPage);
        long leafSpan = (long) LEAF_PAGES << lgPage;
        long base = 0x10L * leafSpan;
        long empty = map.metadataBytes();
        map.set(base, extent(base, 1L << lgPage));
        long midAndLeaf = map.metadataBytes() - empty; // the first registration creates a mid node and a leaf
        if (midAndLeaf <= 0) {
            fail("metadata did not grow for the first leaf: " + empty + " -> " + map.metadataBytes());
        }
        map.set(base + leafSpan - 1, extent(base, 1L << lgPage));
        assertEquals(empty + midAndLeaf, map.metadataBytes(), "same leaf");
        map.set(base + leafSpan, extent(base, 1L << lgPage));
        assertEquals(empty + midAndLeaf + midAndLeaf / 2, map.metadataBytes(), "the next leaf, under the same mid node");
    }

    @ParameterizedTest(name = "lgPage={0}")
    @ValueSource(ints = {12, 16})
    void threadsRacingToCreateOneLeafAllLandInTheSameLeaf(int lgPage) throws InterruptedException {
        int threads = 8;
        int perThread = 512;
        long page = 1L << lgPage;
        for (int round = 0; round < 20; round++) {
            AddressMap map = new AddressMap(lgPage);
            long leafBase = (long) (round + 1) * LEAF_PAGES * page;
            Extent[][] extents = new Extent[threads][perThread];
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread worker = Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        long a = leafBase + (long) (i * threads + id) * page;
                        extents[id][i] = extent(a, page);
                        map.set(a, extents[id][i]);
                    }
                });
                workers.add(worker);
            }
            long before = map.metadataBytes();
            start.countDown();
            for (Thread worker : workers) {
                worker.join();
            }
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < perThread; i++) {
                    long a = leafBase + (long) (i * threads + t) * page;
                    if (map.get(a) != extents[t][i]) {
                        fail(String.format("round %d: page 0x%x set by thread %d maps to %s", round, a, t, map.get(a)));
                    }
                }
            }
            AddressMap single = new AddressMap(lgPage);
            long empty = single.metadataBytes();
            single.set(leafBase, extent(leafBase, page));
            assertEquals(single.metadataBytes() - empty, map.metadataBytes() - before, "round " + round + ": one leaf counted");
        }
    }

    private static Extent extent(long base, long size) {
        Extent e = new Extent();
        e.base = base;
        e.size = size;
        return e;
    }
}
