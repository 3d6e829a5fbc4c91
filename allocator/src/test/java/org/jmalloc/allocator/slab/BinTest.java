package org.jmalloc.allocator.slab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.jmalloc.allocator.extent.AddressMap;
import org.jmalloc.allocator.extent.Extent;
import org.jmalloc.allocator.extent.MappedMemory;
import org.jmalloc.allocator.extent.PageAllocator;
import org.jmalloc.allocator.extent.PageIndex;
import org.jmalloc.allocator.os.OsMemory;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bin over a real page allocator, against a model of the free regions of its live slabs: the
 * region handed out is always the lowest free one (lowest non-full slab, lowest region in it),
 * {@code curRegions == mallocs − frees == Σ over slabs (regions − free)}, an emptied slab goes back
 * to the pages at once, and a double free is refused naming the address.
 */
class BinTest {

    private static final long SEED = Long.getLong("jmalloc.test.seed", 0xB1AL);
    private static final long NEVER = -1;

    /** One bin's world: a page allocator over real mappings that never purges. */
    static final class Fixture implements AutoCloseable {
        final SizeClasses classes;
        final MappedMemory memory;
        final AddressMap map;
        final PageAllocator pages;
        final int owner = PageIndex.newOwner();

        Fixture(long pageSize, long maxBytes) {
            classes = new SizeClasses(pageSize);
            memory = new MappedMemory(OsMemory.system(), pageSize, maxBytes);
            map = new AddressMap(Long.numberOfTrailingZeros(pageSize));
            pages = new PageAllocator(0, pageSize, memory, map, NEVER, NEVER);
        }

        Fixture(long pageSize) {
            this(pageSize, Long.MAX_VALUE);
        }

        Bin bin(int sizeClass) {
            return new Bin(sizeClass, classes, pages, map, owner);
        }

        @Override
        public void close() {
            memory.close();
            PageIndex.releaseOwner(owner);
        }
    }

    /** The free regions of the bin's live slabs, and its live regions, as the bin should see them. */
    private static final class Model {
        final Bin bin;
        final AddressMap map;
        final long pageSize;
        final TreeSet<Long> free = new TreeSet<>();
        /** Live regions, in no order, with each one's position for O(1) removal. */
        final List<Long> live = new ArrayList<>();
        final Map<Long, Integer> livePosition = new HashMap<>();
        final Map<Long, Integer> liveBySlab = new HashMap<>();
        final Map<Long, Extent> slabs = new HashMap<>();

        Model(Bin bin, AddressMap map, long pageSize) {
            this.bin = bin;
            this.map = map;
            this.pageSize = pageSize;
        }

        /** Checks that {@code got} is what the next region should be, and records it. */
        void took(long got, String where) {
            if (free.isEmpty()) {
                Extent slab = map.get(got);
                if (slab == null || slab.base != got || !slab.slab || slab.sizeClass != bin.sizeClass
                        || slab.regions != bin.regions || slab.size != bin.slabSize || slab.state != Extent.ACTIVE) {
                    fail(String.format("%s: no free region left, so 0x%x should start a new slab; it maps to %s",
                            where, got, slab));
                }
                for (long p = slab.base; p < slab.end(); p += pageSize) {
                    assertSame(slab, map.get(p), where + ": every page of a new slab maps to it");
                }
                slabs.put(slab.base, slab);
                for (int r = 1; r < bin.regions; r++) {
                    free.add(slab.base + r * bin.regionSize);
                }
            } else {
                long expected = free.first();
                if (got != expected) {
                    fail(String.format("%s: took 0x%x, the lowest free region is 0x%x", where, got, expected));
                }
                free.remove(got);
            }
            if (livePosition.put(got, live.size()) != null) {
                fail(String.format("%s: 0x%x handed out twice", where, got));
            }
            live.add(got);
            liveBySlab.merge(map.get(got).base, 1, Integer::sum);
        }

        void free(long address) {
            Extent slab = map.get(address);
            long base = slab.base; // read first: a released slab's record may merge into a free neighbour
            bin.free(slab, address);
            int position = livePosition.remove(address);
            long last = live.removeLast();
            if (last != address) {
                live.set(position, last);
                livePosition.put(last, position);
            }
            free.add(address);
            int left = liveBySlab.merge(base, -1, Integer::sum);
            if (left == 0) {
                liveBySlab.remove(base);
                slabs.remove(base);
                for (int r = 0; r < bin.regions; r++) {
                    free.remove(base + r * bin.regionSize);
                }
            }
        }

        void assertCounters(String where) {
            assertEquals(live.size(), bin.curRegions(), where + ": curRegions vs live regions");
            assertEquals(bin.mallocs() - bin.frees(), bin.curRegions(), where + ": curRegions vs mallocs - frees");
            assertEquals(slabs.size(), bin.curSlabs(), where + ": curSlabs");
        }

        void assertSlabs(String where) {
            long out = 0;
            for (Extent slab : slabs.values()) {
                out += slab.regions - slab.free;
                assertEquals(bin.regions - liveBySlab.get(slab.base), slab.free, where + ": free count of " + slab);
            }
            assertEquals(bin.curRegions(), out, where + ": curRegions vs Σ over slabs (regions − free)");
        }
    }

    @ParameterizedTest(name = "page={0}")
    @ValueSource(longs = {4096, 65536})
    void randomTakesAndFreesHandOutTheLowestFreeRegionAndKeepTheCounters(long pageSize) {
        Random random = new Random(SEED ^ pageSize);
        try (Fixture f = new Fixture(pageSize)) {
            for (int c = 0; c < f.classes.smallCount(); c++) {
                Bin bin = f.bin(c);
                Model model = new Model(bin, f.map, pageSize);
                int cap = Math.min(3 * bin.regions, 600);
                long[] out = new long[40];
                bin.lock.lock();
                try {
                    for (int step = 0; step < 1500; step++) {
                        String where = String.format("seed %d, page %d, class %d (%d bytes), step %d",
                                SEED, pageSize, c, bin.regionSize, step);
                        int size = model.live.size();
                        boolean take = size == 0 || (size < cap && random.nextInt(cap) >= size / 2);
                        if (take && random.nextInt(4) == 0) {
                            int n = 1 + random.nextInt(out.length - 1);
                            assertEquals(n, bin.fill(out, 0, n), where + ": fill");
                            for (int i = n - 1; i >= 0; i--) { // out[n-1] is the first taken
                                model.took(out[i], where + ", fill slot " + i);
                            }
                        } else if (take) {
                            model.took(bin.takeOne(), where);
                        } else {
                            model.free(model.live.get(random.nextInt(model.live.size())));
                        }
                        model.assertCounters(where);
                        assertEquals(model.slabs.size() * bin.slabSize, f.pages.activeBytes(),
                                where + ": the pages' active bytes are the live slabs");
                        if (step % 50 == 0) {
                            model.assertSlabs(where);
                        }
                    }
                    List<Long> live = new ArrayList<>(model.live);
                    Collections.shuffle(live, random);
                    for (long address : live) {
                        model.free(address);
                    }
                    model.assertCounters("class " + c + " after freeing everything");
                    assertEquals(0, bin.curSlabs(), "class " + c + ": slabs left");
                    assertEquals(0, f.pages.activeBytes(), "class " + c + ": active bytes left");
                } finally {
                    bin.lock.unlock();
                }
            }
        }
    }

    @Test
    void fillWritesTheLowestRegionOnTopAndTouchesNothingElse() {
        try (Fixture f = new Fixture(4096)) {
            Bin bin = f.bin(f.classes.indexOf(48));
            long[] out = new long[16];
            java.util.Arrays.fill(out, -7);
            bin.lock.lock();
            try {
                assertEquals(10, bin.fill(out, 3, 10));
                long base = out[12];
                for (int i = 0; i < 10; i++) {
                    assertEquals(base + i * bin.regionSize, out[12 - i], "out[" + (12 - i) + "]");
                }
                for (int i : new int[] {0, 1, 2, 13, 14, 15}) {
                    assertEquals(-7, out[i], "out[" + i + "] is outside the range");
                }
                assertEquals(10, bin.curRegions());
                assertEquals(10, bin.mallocs());
            } finally {
                bin.lock.unlock();
            }
        }
    }

    @Test
    void fillStopsWhereMemoryRunsOutAndKeepsTheRegionsItGot() {
        long limit = 5L << 20; // exactly the page allocator's first mapping and the first 1 MiB chunk of metadata
        try (Fixture f = new Fixture(4096, limit)) {
            Bin bin = f.bin(f.classes.smallCount() - 1); // the largest small class: few regions per slab
            int fits = (int) ((limit - (1L << 20)) / bin.slabSize) * bin.regions;
            long[] out = new long[fits + 50];
            bin.lock.lock();
            try {
                int got = bin.fill(out, 0, out.length);
                assertEquals(fits, got, "regions of the slabs that fit under the limit");
                Set<Long> distinct = new HashSet<>();
                for (int i = 0; i < got; i++) {
                    distinct.add(out[i]);
                }
                assertEquals(got, distinct.size(), "distinct regions");
                long lowest = Collections.min(distinct);
                assertEquals(lowest, out[got - 1], "the lowest region is on top of the ones got");
                assertEquals(got, bin.curRegions());
                assertThrows(OutOfMemoryError.class, () -> bin.fill(new long[4], 0, 4), "nothing left at all");
                assertEquals(got, bin.curRegions(), "a failed fill takes nothing");
            } finally {
                bin.lock.unlock();
            }
        }
    }

    @Test
    void doubleFreeIsRefusedNamingTheAddressInHex() {
        try (Fixture f = new Fixture(4096)) {
            Bin bin = f.bin(f.classes.indexOf(64));
            bin.lock.lock();
            try {
                long a = bin.takeOne();
                bin.takeOne(); // keeps the slab alive after a is freed
                Extent slab = f.map.get(a);
                bin.free(slab, a);
                long frees = bin.frees();
                long cur = bin.curRegions();
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> bin.free(slab, a));
                String hex = String.format("0x%x", a);
                assertTrue(e.getMessage().contains("double free of " + hex), "message: " + e.getMessage());
                assertEquals(frees, bin.frees(), "frees after the refused free");
                assertEquals(cur, bin.curRegions(), "curRegions after the refused free");
                assertEquals(a, bin.takeOne(), "the region is still free, exactly once");
            } finally {
                bin.lock.unlock();
            }
        }
    }

    @ParameterizedTest(name = "page={0}")
    @ValueSource(longs = {4096, 16384, 65536})
    void aSlabWhoseRegionsAreAllFreedGoesBackToThePages(long pageSize) {
        try (Fixture f = new Fixture(pageSize)) {
            Bin bin = f.bin(f.classes.indexOf(80));
            bin.lock.lock();
            try {
                List<Long> first = new ArrayList<>();
                for (int i = 0; i < bin.regions; i++) {
                    first.add(bin.takeOne());
                }
                assertEquals(1, bin.curSlabs());
                long extra = bin.takeOne(); // the second slab
                assertEquals(2, bin.curSlabs());
                assertEquals(2 * bin.slabSize, f.pages.activeBytes());
                long firstBase = first.getFirst();
                long live = PageIndex.entry(firstBase + bin.slabSize - 1);
                assertEquals(f.owner, live & PageIndex.OWNER_MASK, "a live slab's last byte is indexed as this owner's");
                assertEquals(bin.sizeClass, (int) (live >>> PageIndex.CLASS_SHIFT) & 0xFF);

                Collections.shuffle(first, new Random(pageSize));
                for (int i = 0; i < first.size() - 1; i++) {
                    bin.free(f.map.get(first.get(i)), first.get(i));
                }
                assertEquals(2, bin.curSlabs(), "one region still out in the first slab");
                bin.free(f.map.get(first.getLast()), first.getLast());
                assertEquals(1, bin.curSlabs(), "the emptied slab is released");
                for (long a = firstBase; a < firstBase + bin.slabSize; a += 4096) {
                    assertEquals(0, PageIndex.entry(a), "a released slab leaves no index entry");
                }
                assertEquals(bin.slabSize, f.pages.activeBytes(), "its pages are no longer active");
                assertEquals(bin.slabSize, f.pages.dirtyBytes(), "they are dirty (decay never purges)");
                assertEquals(2, bin.totalSlabs());

                List<Long> second = new ArrayList<>(List.of(extra));
                for (int i = 1; i < bin.regions; i++) {
                    long got = bin.takeOne();
                    assertEquals(extra + i * bin.regionSize, got, "the second slab fills up first");
                    second.add(got);
                }
                assertEquals(firstBase, bin.takeOne(), "the next slab is the first fit: the released pages");
                assertEquals(2, bin.curSlabs());
                assertEquals(3, bin.totalSlabs());
                assertEquals(0, f.pages.dirtyBytes(), "the released pages are active again");
                for (long address : second) {
                    bin.free(f.map.get(address), address);
                }
                assertEquals(1, bin.curSlabs());
                assertEquals(bin.slabSize, f.pages.activeBytes());
            } finally {
                bin.lock.unlock();
            }
        }
    }

    @Test
    void theLowestNonFullSlabServesFirst() {
        try (Fixture f = new Fixture(4096)) {
            Bin bin = f.bin(f.classes.indexOf(256));
            bin.lock.lock();
            try {
                List<Long> taken = new ArrayList<>();
                for (int i = 0; i < 3 * bin.regions; i++) {
                    taken.add(bin.takeOne());
                }
                assertEquals(3, bin.curSlabs());
                long lowSlabRegion = taken.get(bin.regions / 2);
                long highSlabRegion = taken.get(2 * bin.regions + 1);
                long midSlabRegion = taken.get(bin.regions + 3);
                assertTrue(lowSlabRegion < midSlabRegion && midSlabRegion < highSlabRegion, "slabs ascend");
                bin.free(f.map.get(highSlabRegion), highSlabRegion);
                bin.free(f.map.get(midSlabRegion), midSlabRegion);
                bin.free(f.map.get(lowSlabRegion), lowSlabRegion);
                assertArrayEquals(new long[] {lowSlabRegion, midSlabRegion, highSlabRegion},
                        new long[] {bin.takeOne(), bin.takeOne(), bin.takeOne()}, "reuse order");
            } finally {
                bin.lock.unlock();
            }
        }
    }

    @Test
    void parkedRegionsAreHandedOutFirstAndDrainBackToTheirSlabs() {
        try (Fixture f = new Fixture(4096)) {
            Bin bin = f.bin(f.classes.indexOf(256));
            bin.lock.lock();
            try {
                long[] out = new long[bin.regions];
                assertEquals(bin.regions, bin.fill(out, 0, bin.regions), "one whole slab");
                long activeFull = f.pages.activeBytes();
                for (long a : out) {
                    assertTrue(bin.park(a), "room to park 0x" + Long.toHexString(a));
                }
                assertEquals(bin.regions, bin.parked());
                assertEquals(0, bin.curRegions(), "parked regions count as returned");
                assertEquals(bin.mallocs(), bin.frees());
                assertEquals(activeFull, f.pages.activeBytes(), "the slab stays while its regions are parked");

                long[] again = new long[4];
                assertEquals(4, bin.fill(again, 0, 4));
                java.util.Set<Long> parkedSet = new java.util.HashSet<>();
                for (long a : out) {
                    parkedSet.add(a);
                }
                for (long a : again) {
                    assertTrue(parkedSet.contains(a), "a refill takes parked regions first");
                }
                assertEquals(bin.regions - 4, bin.parked());
                assertEquals(4, bin.curRegions());

                bin.drainParked();
                assertEquals(0, bin.parked());
                assertEquals(activeFull, f.pages.activeBytes(), "4 regions are still out: the slab stays");
                for (long a : again) {
                    bin.free(f.map.get(a), a);
                }
                assertEquals(0, f.pages.activeBytes(), "with every region back in its slab, the slab is released");
                assertEquals(0, bin.curSlabs());
            } finally {
                bin.lock.unlock();
            }
        }
    }

    @Test
    void parkingRefusesWhenTheStackIsFull() {
        try (Fixture f = new Fixture(4096)) {
            Bin bin = f.bin(f.classes.indexOf(16)); // two slabs of 256 regions: more than the stack holds
            bin.lock.lock();
            try {
                long[] out = new long[2 * bin.regions];
                assertEquals(out.length, bin.fill(out, 0, out.length));
                int parked = 0;
                for (long a : out) {
                    if (bin.park(a)) {
                        parked++;
                    } else {
                        bin.free(f.map.get(a), a);
                    }
                }
                assertTrue(parked > 0 && parked < out.length, "some parked, the rest refused: " + parked);
                assertEquals(parked, bin.parked());
                assertEquals(0, bin.curRegions());
                bin.drainParked();
                assertEquals(0, f.pages.activeBytes(), "drained: the empty slabs are released");
            } finally {
                bin.lock.unlock();
            }
        }
    }

    /** A released slab's bitmap serves the next slab: opening and releasing slabs over and over carves no more metadata. */
    @Test
    void bitmapsOfReleasedSlabsAreReusedSoRepeatedSlabsCarveNothingMore() {
        try (Fixture f = new Fixture(4096)) {
            Bin bin = f.bin(0);
            int perSlab = bin.regions;
            long[] held = new long[3 * perSlab];
            long carved = -1;
            for (int round = 0; round < 50; round++) {
                bin.lock.lock();
                try {
                    for (int i = 0; i < held.length; i++) {
                        held[i] = bin.takeOne();
                    }
                    assertEquals(3, bin.curSlabs(), "round " + round);
                    for (long address : held) {
                        bin.free(f.map.get(address), address);
                    }
                    assertEquals(0, bin.curSlabs(), "round " + round + ": every slab released");
                } finally {
                    bin.lock.unlock();
                }
                if (round == 0) {
                    carved = f.memory.metadata().carvedBytes();
                    assertTrue(carved > 0, "the first slabs' bitmaps were carved");
                } else {
                    assertEquals(carved, f.memory.metadata().carvedBytes(), "round " + round);
                }
            }
        }
    }
}
