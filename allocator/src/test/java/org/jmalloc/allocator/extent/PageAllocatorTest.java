package org.jmalloc.allocator.extent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One arena's pages over real mappings. The invariants of {@link PageAllocator} are checked by
 * walking every byte it has mapped through the address map, extent by extent: the extents tile the
 * mappings, each extent's first and last page map to it (a slab's interior pages are its bin's to register),
 * no two adjacent free extents share a state, and the bytes per state are the allocator's figures.
 */
class PageAllocatorTest {

    private static final long SEED = Long.getLong("jmalloc.test.seed", 0x9A6E5L);
    private static final long NEVER = -1;
    private static final long MIB = 1L << 20;

    /** A page allocator over recorded mappings; closing unmaps everything. */
    static final class Fixture implements AutoCloseable {
        final long pageSize;
        final RecordingOsMemory os = new RecordingOsMemory();
        final MappedMemory memory;
        final AddressMap map;
        final PageAllocator pages;

        Fixture(long pageSize, long dirtyDecay, long muzzyDecay) {
            this(pageSize, dirtyDecay, muzzyDecay, Long.MAX_VALUE);
        }

        Fixture(long pageSize, long dirtyDecay, long muzzyDecay, long maxBytes) {
            this.pageSize = pageSize;
            this.memory = new MappedMemory(os, pageSize, maxBytes);
            this.map = new AddressMap(Long.numberOfTrailingZeros(pageSize));
            this.pages = new PageAllocator(0, pageSize, memory, map, dirtyDecay, muzzyDecay);
        }

        Extent allocate(long pageCount) {
            return pages.allocate(pageCount * pageSize, pageSize, pageCount * pageSize);
        }

        /** The logical mappings, merged where they touch, as sorted {@code {base, end}} pairs. */
        List<long[]> mappedRanges() {
            List<long[]> ranges = new ArrayList<>();
            for (long[] m : os.mappings()) {
                if (pageSize > os.pageSize()) { // MappedMemory maps a page more and trims to alignment
                    long base = (m[0] + pageSize - 1) & -pageSize;
                    ranges.add(new long[] {base, base + m[1] - pageSize});
                } else {
                    ranges.add(new long[] {m[0], m[0] + m[1]});
                }
            }
            ranges.sort((a, b) -> Long.compare(a[0], b[0]));
            List<long[]> merged = new ArrayList<>();
            for (long[] r : ranges) {
                long[] last = merged.isEmpty() ? null : merged.getLast();
                if (last != null && last[1] == r[0]) {
                    last[1] = r[1];
                } else {
                    merged.add(r.clone());
                }
            }
            return merged;
        }

        /**
         * Walks every mapped byte extent by extent, checking the map registrations and eager
         * coalescing, and checks the per-state bytes against the allocator's figures.
         *
         * @return the extents in address order
         */
        List<Extent> walk(String where) {
            return walkArenas(where, pages);
        }

        /** {@link #walk} for several page allocators sharing this fixture's memory and map, arena i at i. */
        List<Extent> walkArenas(String where, PageAllocator... arenas) {
            List<Extent> extents = new ArrayList<>();
            long[][] bytes = new long[arenas.length][Extent.RETAINED + 1];
            for (long[] range : mappedRanges()) {
                long a = range[0];
                Extent previous = null;
                while (a < range[1]) {
                    Extent e = map.get(a);
                    if (e == null || e.base != a || e.size <= 0 || e.size % pageSize != 0
                            || e.state < Extent.ACTIVE || e.state > Extent.RETAINED
                            || e.arena < 0 || e.arena >= arenas.length) {
                        fail(String.format("%s: the page at 0x%x (mapped range 0x%x..0x%x) maps to %s, not to an "
                                + "extent starting there", where, a, range[0], range[1], e));
                    }
                    if (map.get(e.end() - 1) != e) {
                        fail(String.format("%s: last page of %s maps to %s", where, e, map.get(e.end() - 1)));
                    }
                    if (e.state != Extent.ACTIVE) {
                        if (previous != null && previous.state == e.state && previous.arena == e.arena) {
                            fail(String.format("%s: adjacent free extents of state %d not coalesced: %s and %s",
                                    where, e.state, previous, e));
                        }
                    }
                    bytes[e.arena][e.state] += e.size;
                    extents.add(e);
                    previous = e;
                    a = e.end();
                }
                if (a != range[1]) {
                    fail(String.format("%s: the last extent of mapped range 0x%x..0x%x ends at 0x%x", where,
                            range[0], range[1], a));
                }
            }
            long mapped = 0;
            for (int i = 0; i < arenas.length; i++) {
                PageAllocator pa = arenas[i];
                String arena = where + ", arena " + i;
                assertEquals(pa.activeBytes(), bytes[i][Extent.ACTIVE], arena + ": active bytes");
                assertEquals(pa.dirtyBytes(), bytes[i][Extent.DIRTY], arena + ": dirty bytes");
                assertEquals(pa.muzzyBytes(), bytes[i][Extent.MUZZY], arena + ": muzzy bytes");
                assertEquals(pa.retainedBytes(), bytes[i][Extent.RETAINED], arena + ": retained bytes");
                long sum = pa.activeBytes() + pa.dirtyBytes() + pa.muzzyBytes() + pa.retainedBytes();
                assertEquals(pa.mappedHere(), sum, arena + ": active + dirty + muzzy + retained vs mapped");
                mapped += pa.mappedHere();
            }
            assertEquals(memory.mappedBytes(), mapped, where + ": the arenas mapped everything");
            return extents;
        }

        void assertStatesAddUp(String where) {
            long sum = pages.activeBytes() + pages.dirtyBytes() + pages.muzzyBytes() + pages.retainedBytes();
            assertEquals(pages.mappedHere(), sum, where + ": active + dirty + muzzy + retained vs mapped");
            assertEquals(memory.mappedBytes(), pages.mappedHere(), where + ": the only arena mapped everything");
        }

        @Override
        public void close() {
            memory.close();
            assertEquals(os.mappedBytes(), os.unmappedBytes(), "bytes unmapped by close");
        }
    }

    static Stream<Arguments> randomConfigurations() {
        return Stream.of(
                Arguments.of(4096L, NEVER, NEVER),
                Arguments.of(65536L, NEVER, NEVER),
                Arguments.of(4096L, 0L, 0L),
                Arguments.of(4096L, 0L, NEVER),
                Arguments.of(16384L, 1_000_000L, 2_000_000L));
    }

    @ParameterizedTest(name = "page={0} dirtyDecay={1} muzzyDecay={2}")
    @MethodSource("randomConfigurations")
    void randomSequencesKeepExtentsAlignedDisjointAndAccounted(long pageSize, long dirtyDecay, long muzzyDecay) {
        Random random = new Random(SEED ^ pageSize ^ dirtyDecay);
        try (Fixture f = new Fixture(pageSize, dirtyDecay, muzzyDecay)) {
            TreeMap<Long, Extent> live = new TreeMap<>();
            int maxAlignShift = Long.numberOfTrailingZeros(2 * MIB / pageSize);
            int expanded = 0;
            int notExpanded = 0;
            for (int step = 0; step < 3000; step++) {
                String where = String.format("seed %d, page %d, step %d", SEED, pageSize, step);
                int op = live.size() < 8 ? 0 : live.size() > 48 ? 1 : random.nextInt(6);
                if (op == 0 || op == 5) {
                    long size = pageSize * (1 + random.nextInt(300));
                    long alignment = pageSize << random.nextInt(maxAlignShift + 1);
                    Extent e = f.pages.allocate(size, alignment, size);
                    assertEquals(Extent.ACTIVE, e.state, where);
                    assertEquals(size, e.size, where + ": size of " + e);
                    assertEquals(0, e.base % alignment, where + ": " + e + " aligned to " + alignment);
                    assertDisjoint(live, e, where);
                    live.put(e.base, e);
                } else if (op == 1 || op == 2) {
                    Extent e = randomLive(live, random);
                    live.remove(e.base);
                    f.pages.release(e);
                } else if (op == 3) {
                    Extent e = randomLive(live, random);
                    long newSize = e.size + pageSize * (1 + random.nextInt(50));
                    if (f.pages.expand(e, newSize)) {
                        assertEquals(newSize, e.size, where + ": size after expand");
                        live.remove(e.base);
                        assertDisjoint(live, e, where + ", after expand");
                        live.put(e.base, e);
                        expanded++;
                    } else {
                        assertNotEquals(newSize, e.size, where + ": expand failed but changed the size");
                        notExpanded++;
                    }
                } else {
                    Extent e = randomLive(live, random);
                    if (e.size > pageSize) {
                        long newSize = pageSize * (1 + random.nextInt((int) (e.size / pageSize) - 1));
                        f.pages.shrink(e, newSize);
                        assertEquals(newSize, e.size, where + ": size after shrink");
                    }
                }
                long liveBytes = 0;
                for (Extent e : live.values()) {
                    liveBytes += e.size;
                }
                assertEquals(liveBytes, f.pages.activeBytes(), where + ": active bytes vs live extents");
                f.assertStatesAddUp(where);
                if (step % 10 == 0) {
                    assertActiveAreTheLive(f.walk(where), live, where);
                }
            }
            assertTrue(expanded > 0 && notExpanded > 0,
                    "both expand outcomes exercised: " + expanded + " grew, " + notExpanded + " did not");

            List<Extent> all = new ArrayList<>(live.values());
            Collections.shuffle(all, random);
            for (Extent e : all) {
                f.pages.release(e);
            }
            assertEquals(0, f.pages.activeBytes(), "active bytes after releasing everything");
            f.walk("after releasing everything");

            f.pages.purgeAll();
            assertEquals(0, f.pages.dirtyBytes(), "dirty bytes after purgeAll");
            assertEquals(0, f.pages.muzzyBytes(), "muzzy bytes after purgeAll");
            assertEquals(f.pages.mappedHere(), f.pages.retainedBytes(), "retained bytes after purgeAll");
            List<Extent> extents = f.walk("after purgeAll");
            assertEquals(f.mappedRanges().size(), extents.size(),
                    "one retained extent per contiguous mapped range after purgeAll");
        }
    }

    private static Extent randomLive(TreeMap<Long, Extent> live, Random random) {
        long key = random.nextLong(live.lastKey() + 1);
        Map.Entry<Long, Extent> entry = live.ceilingEntry(key);
        return entry.getValue();
    }

    private static void assertDisjoint(TreeMap<Long, Extent> live, Extent e, String where) {
        Map.Entry<Long, Extent> below = live.floorEntry(e.base);
        Map.Entry<Long, Extent> above = live.ceilingEntry(e.base);
        if (below != null && below.getValue().end() > e.base) {
            fail(where + ": " + e + " overlaps live " + below.getValue());
        }
        if (above != null && above.getKey() < e.end()) {
            fail(where + ": " + e + " overlaps live " + above.getValue());
        }
    }

    private static void assertActiveAreTheLive(List<Extent> extents, TreeMap<Long, Extent> live, String where) {
        Map<Extent, Boolean> active = new IdentityHashMap<>();
        for (Extent e : extents) {
            if (e.state == Extent.ACTIVE) {
                active.put(e, true);
            }
        }
        assertEquals(live.size(), active.size(), where + ": active extents found by the walk");
        for (Extent e : live.values()) {
            assertTrue(active.containsKey(e), where + ": live " + e + " not found by the walk");
        }
    }

    // ---- first fit, coalescing, purging ---------------------------------------------------------

    @ParameterizedTest(name = "page={0}")
    @ValueSource(longs = {4096, 65536})
    void firstFitReusesTheLowestFreedRun(long pageSize) {
        try (Fixture f = new Fixture(pageSize, NEVER, NEVER)) {
            Extent a = f.allocate(4);
            Extent b = f.allocate(4);
            Extent c = f.allocate(4);
            long aBase = a.base;
            long cBase = c.base;
            assertTrue(aBase < b.base && b.base < cBase, "fresh runs are carved lowest first: " + a + b + c);
            f.pages.release(a);
            f.pages.release(c);
            assertEquals(8 * pageSize, f.pages.dirtyBytes());
            assertEquals(aBase, f.allocate(4).base, "first reuse");
            assertEquals(cBase, f.allocate(4).base, "second reuse");
            assertEquals(0, f.pages.dirtyBytes());
            f.walk("after reuse");
        }
    }

    @ParameterizedTest(name = "page={0}")
    @ValueSource(longs = {4096, 65536})
    void releasingTheMiddleOfThreeFreedNeighboursMergesThemIntoOneRun(long pageSize) {
        try (Fixture f = new Fixture(pageSize, NEVER, NEVER)) {
            Extent a = f.allocate(3);
            Extent b = f.allocate(5);
            Extent c = f.allocate(2);
            Extent guard = f.allocate(1); // keeps c away from the retained rest of the mapping
            long aBase = a.base;
            f.pages.release(a);
            f.pages.release(c);
            f.pages.release(b);
            Extent merged = f.map.get(aBase);
            assertEquals(Extent.DIRTY, merged.state, "state of " + merged);
            assertEquals(aBase, merged.base);
            assertEquals(10 * pageSize, merged.size, "one dirty run over a, b and c");
            assertSame(merged, f.map.get(merged.end() - 1), "last page maps to the merged run");
            assertEquals(10 * pageSize, f.pages.dirtyBytes());
            f.walk("after the merge");
            f.pages.release(guard);
        }
    }

    @Test
    void releaseWithZeroDirtyAndMuzzyDecayPurgesToRetainedAtOnce() {
        try (Fixture f = new Fixture(4096, 0, 0)) {
            Extent a = f.allocate(16);
            f.allocate(1);
            long retained = f.pages.retainedBytes();
            long purges = f.pages.purges();
            f.pages.release(a);
            assertEquals(0, f.pages.dirtyBytes(), "dirty bytes");
            assertEquals(0, f.pages.muzzyBytes(), "muzzy bytes");
            assertEquals(retained + 16 * 4096, f.pages.retainedBytes(), "retained bytes");
            assertEquals(purges + 1, f.pages.purges(), "purges");
            assertEquals(16 * 4096, f.pages.purgedBytes(), "purged bytes");
            assertEquals(1, f.os.forcedPurges(), "MADV_DONTNEED calls");
            f.walk("after an immediate purge");
        }
    }

    @Test
    void releaseWithZeroDirtyDecayAndNoMuzzyDecayLeavesThePagesMuzzyOrRetained() {
        try (Fixture f = new Fixture(4096, 0, NEVER)) {
            Extent a = f.allocate(16);
            f.allocate(1);
            long freeBefore = f.pages.muzzyBytes() + f.pages.retainedBytes();
            f.pages.release(a);
            assertEquals(0, f.pages.dirtyBytes(), "dirty bytes");
            assertEquals(freeBefore + 16 * 4096, f.pages.muzzyBytes() + f.pages.retainedBytes(), "muzzy + retained");
            assertEquals(1, f.os.lazyPurges(), "MADV_FREE tried first");
            f.walk("after a lazy purge");
        }
    }

    @Test
    void releaseWithNeverDecayKeepsThePagesDirty() {
        try (Fixture f = new Fixture(4096, NEVER, NEVER)) {
            Extent a = f.allocate(16);
            f.pages.release(a);
            assertEquals(16 * 4096, f.pages.dirtyBytes());
            assertEquals(0, f.pages.purges());
            assertEquals(0, f.os.lazyPurges() + f.os.forcedPurges(), "no madvise");
        }
    }

    @Test
    void freshAndPurgedRunsAreZeroedAndReadAsZeroReusedDirtyOnesAreNot() {
        try (Fixture f = new Fixture(4096, NEVER, NEVER)) {
            Extent a = f.allocate(4);
            long base = a.base;
            assertTrue(a.zeroed, "fresh from the OS");
            assertAllZero(base, a.size);
            MemorySegment.ofAddress(base).reinterpret(a.size).fill((byte) 0x5A);
            f.pages.release(a);

            Extent again = f.allocate(4);
            assertEquals(base, again.base, "the dirty run comes back");
            assertFalse(again.zeroed, "a dirty run holds old contents");
            f.pages.release(again);

            f.pages.purgeAll();
            Extent purged = f.allocate(4);
            assertEquals(base, purged.base, "the retained run comes back");
            assertTrue(purged.zeroed, "purged with MADV_DONTNEED");
            assertAllZero(base, purged.size);
        }
    }

    private static void assertAllZero(long base, long size) {
        MemorySegment segment = MemorySegment.ofAddress(base).reinterpret(size);
        for (long off = 0; off < size; off += 8) {
            if (segment.get(ValueLayout.JAVA_LONG, off) != 0) {
                fail(String.format("byte at 0x%x is not zero", base + off));
            }
        }
    }

    @Test
    void freeRunsOfTwoArenasSharingTheMapNeverMerge() {
        long page = 4096;
        try (Fixture f = new Fixture(page, NEVER, NEVER)) {
            PageAllocator other = new PageAllocator(1, page, f.memory, f.map, NEVER, NEVER);
            PageAllocator[] arenas = {f.pages, other};
            List<List<Extent>> live = List.of(new ArrayList<>(), new ArrayList<>());
            Random random = new Random(SEED);
            // Alternate large requests so each grows its own mapping, which the OS tends to place
            // right next to the other arena's.
            for (int i = 0; i < 12; i++) {
                int a = i & 1;
                long size = (1024 + random.nextInt(512)) * page;
                live.get(a).add(arenas[a].allocate(size, page, size));
                live.get(a).add(arenas[a].allocate(page, page, page));
            }
            f.walkArenas("after allocating", arenas);
            for (int a = 0; a < 2; a++) {
                for (Extent e : live.get(a)) {
                    arenas[a].release(e);
                }
            }
            f.walkArenas("after releasing everything", arenas);
            for (int a = 0; a < 2; a++) {
                assertEquals(0, arenas[a].activeBytes(), "arena " + a + " active");
                assertEquals(arenas[a].mappedHere(), arenas[a].dirtyBytes() + arenas[a].retainedBytes(),
                        "arena " + a + " holds exactly what it mapped");
            }
        }
    }

    // ---- expand and shrink -------------------------------------------------------------------

    @Test
    void expandGrowsIntoFreePagesAndFailsWhenTheNextPagesAreActive() {
        long page = 4096;
        try (Fixture f = new Fixture(page, NEVER, NEVER)) {
            Extent a = f.allocate(4);
            assertTrue(f.pages.expand(a, 8 * page), "the rest of the mapping follows a");
            assertEquals(8 * page, a.size);
            assertSame(a, f.map.get(a.base + 7 * page), "new last page maps to a");
            Extent b = f.allocate(2);
            assertEquals(a.end(), b.base, "b follows a");
            assertFalse(f.pages.expand(a, 9 * page), "b is in the way");
            assertEquals(8 * page, a.size);

            f.pages.shrink(a, 3 * page);
            assertEquals(3 * page, a.size);
            assertEquals(5 * page, f.pages.dirtyBytes(), "the shrunk tail is dirty");
            assertTrue(f.pages.expand(a, 8 * page), "grows back into its own dirty tail");
            assertFalse(f.pages.expand(a, 9 * page), "but not past b");
            assertEquals(0, f.pages.dirtyBytes());
            assertEquals(10 * page, f.pages.activeBytes());
            f.walk("after expand and shrink");
        }
    }

    // ---- limits --------------------------------------------------------------------------------

    @Test
    void growingPastTheLimitThrowsOutOfMemoryNamingTheRequestAndChangesNothing() {
        long page = 4096;
        long limit = 8 * MIB;
        try (Fixture f = new Fixture(page, NEVER, NEVER, limit)) {
            f.allocate(1);
            long mapped = f.pages.mappedHere();
            long request = 5 * MIB;
            OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> f.pages.allocate(request, page, request));
            assertTrue(e.getMessage().contains(Long.toString(request)), "names the request: " + e.getMessage());
            assertTrue(e.getMessage().contains(Long.toString(limit)), "names the limit: " + e.getMessage());
            assertEquals(mapped, f.pages.mappedHere(), "mapped bytes after the refusal");
            assertEquals(page, f.pages.activeBytes());
            f.walk("after the refusal");
            Extent fits = f.pages.allocate(limit - mapped, page, limit - mapped);
            assertEquals(limit - mapped, fits.size, "what is left under the limit can still be had");
        }
    }
}
