package org.jmalloc.allocator.tcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jmalloc.allocator.arena.Arena;
import org.jmalloc.allocator.extent.AddressMap;
import org.jmalloc.allocator.extent.MappedMemory;
import org.jmalloc.allocator.extent.PageIndex;
import org.jmalloc.allocator.os.OsMemory;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.jmalloc.allocator.slab.Bin;
import org.junit.jupiter.api.Test;

/**
 * A thread cache over two real arenas. Pops and pushes are done here the way the allocator's fast
 * paths do them (pop at {@code TOP − 1} lowering the low-water mark, push at {@code TOP} after
 * {@link ThreadCache#makeRoom} when full), so what is checked is the slow-path half: refills lowest
 * address first, flushes the oldest blocks to the arena that owns each, incremental GC of the blocks
 * that sat below the low-water mark, and flushing everything.
 */
class ThreadCacheTest {

    private static final long PAGE = 4096;
    private static final long NEVER = -1;
    private static final int LARGE_CACHED = 2;

    /** Two arenas over one mapping set and address map, and a cache bound to arena 0. */
    static final class Fixture implements AutoCloseable {
        final SizeClasses classes = new SizeClasses(PAGE);
        final MappedMemory memory = new MappedMemory(OsMemory.system(), PAGE, Long.MAX_VALUE);
        final AddressMap map = new AddressMap(Long.numberOfTrailingZeros(PAGE));
        final int owner = PageIndex.newOwner();
        final Arena[] arenas = {
            new Arena(0, classes, memory, map, NEVER, NEVER, owner, classes.smallCount() + LARGE_CACHED),
            new Arena(1, classes, memory, map, NEVER, NEVER, owner, classes.smallCount() + LARGE_CACHED),
        };
        final int smallCount = classes.smallCount();
        final ThreadCache tc;

        Fixture() {
            this(new SizeClasses(PAGE).smallCount() + LARGE_CACHED);
        }

        Fixture(int cachedClasses) {
            tc = new ThreadCache(cachedClasses, smallCount, regionsPerSlab(classes), arenas[0], arenas, map,
                    Thread.currentThread());
        }

        static int[] regionsPerSlab(SizeClasses classes) {
            int[] regions = new int[classes.smallCount()];
            for (int c = 0; c < regions.length; c++) {
                regions[c] = classes.runRegions(c);
            }
            return regions;
        }

        int top(int c) {
            return tc.top(c);
        }

        int base(int c) {
            return tc.base(c);
        }

        int limit(int c) {
            return tc.limit(c);
        }

        int low(int c) {
            return tc.low(c);
        }

        int cached(int c) {
            return top(c) - base(c);
        }

        int slots(int c) {
            return limit(c) - base(c);
        }

        /** The allocation fast path: pop at the top, or refill when empty. */
        long pop(int c) {
            long address = tc.pop(c);
            return address != 0 ? address : tc.refillAndPop(c);
        }

        /** The free fast path: make room when full, then push at the top. */
        void push(int c, long address) {
            tc.push(c, address);
        }

        /** The cached blocks of class {@code c}, oldest first. */
        long[] stackOf(int c) {
            return Arrays.copyOfRange(tc.slots(), base(c), top(c));
        }

        long curRegions(int arena, int c) {
            Bin bin = arenas[arena].bin(c);
            bin.lock.lock();
            try {
                return bin.curRegions();
            } finally {
                bin.lock.unlock();
            }
        }

        /** Runs GC steps until the next one is class {@code c}'s (the steps go round the classes). */
        void gcRoundTo(int c, int classesCached) {
            for (int i = 0; i < classesCached - 1; i++) {
                tc.gcEvent();
            }
        }

        @Override
        public void close() {
            memory.close();
            PageIndex.releaseOwner(owner);
        }
    }

    @Test
    void everyCachedClassGetsItsOwnSlotRangeAndUncachedSmallClassesAnEmptyOne() {
        try (Fixture f = new Fixture(10)) {
            int end = CacheSlots.FIRST_SLOT; // class 0's sentinel, after the headers, ticks and owner
            for (int c = 0; c < f.smallCount; c++) {
                assertEquals(f.base(c), f.top(c), "class " + c + " starts empty");
                assertEquals(f.base(c), f.low(c), "class " + c + " low-water mark");
                if (c < 10) {
                    assertTrue(f.tc.caches(c), "class " + c + " is cached");
                    assertEquals(end + 1, f.base(c), "class " + c + " starts after the previous one and a sentinel");
                    assertEquals(0, f.tc.slots()[f.base(c) - 1], "class " + c + "'s sentinel");
                    assertTrue(f.slots(c) >= 1, "class " + c + " has slots");
                    end = f.limit(c);
                } else {
                    assertFalse(f.tc.caches(c), "class " + c + " is not cached");
                    assertEquals(f.base(c), f.limit(c), "class " + c + " has an empty range");
                }
                assertTrue(f.tc.isSmall(c));
            }
            assertEquals(end + 1, f.tc.slots().length, "the array holds the headers, the slots and the sentinels");
        }
        try (Fixture f = new Fixture(0)) {
            for (int c = 0; c < f.smallCount; c++) {
                assertFalse(f.tc.caches(c), "caching disabled: class " + c);
            }
        }
    }

    @Test
    void refillAndPopFillsHalfTheStackAndHandsOutTheLowestAddressFirst() {
        try (Fixture f = new Fixture()) {
            int c = f.classes.indexOf(64);
            Bin bin = f.arenas[0].bin(c);
            int expected = Math.max(1, f.slots(c) / 2);
            assertTrue(expected <= bin.regions, "the test expects one slab to hold a batch");

            long first = f.tc.refillAndPop(c);
            assertEquals(first, f.map.get(first).base, "the first block is the new slab's first region");
            assertEquals(expected - 1, f.cached(c), "blocks left in the cache after the pop");
            assertEquals(expected, f.curRegions(0, c), "regions out of the bin");
            assertEquals(f.base(c), f.low(c), "the class ran dry: low-water mark at the bottom");
            for (int k = 1; k < expected; k++) {
                assertEquals(first + k * bin.regionSize, f.pop(c), "pop " + k + " gives the next region up");
            }
            assertEquals(0, f.cached(c));
        }
    }

    @Test
    void makeRoomParksTheOlderHalfInTheBinAndKeepsTheNewerHalfInOrder() {
        try (Fixture f = new Fixture()) {
            int c = f.classes.indexOf(64);
            int slots = f.slots(c);
            List<Long> pushed = new ArrayList<>();
            for (int i = 0; i < slots; i++) {
                long a = f.arenas[0].mallocSmall(c);
                pushed.add(a);
                f.push(c, a);
            }
            assertEquals(slots, f.cached(c), "full");
            assertEquals(slots, f.curRegions(0, c));

            f.tc.makeRoom(c);
            int flushed = slots - slots / 2;
            assertEquals(slots / 2, f.cached(c), "the newer half stays");
            assertEquals(slots - flushed, f.curRegions(0, c), "the older half went back to the bin");
            long[] kept = f.stackOf(c);
            for (int i = 0; i < kept.length; i++) {
                assertEquals(pushed.get(flushed + i), kept[i], "kept block " + i + " slid to the bottom in order");
            }
            // The flushed blocks are parked in the bin and are the next ones it hands out.
            java.util.Set<Long> oldest = new java.util.HashSet<>(pushed.subList(0, flushed));
            java.util.Set<Long> next = new java.util.HashSet<>();
            for (int i = 0; i < flushed; i++) {
                next.add(f.arenas[0].mallocSmall(c));
            }
            assertEquals(oldest, next, "the flushed blocks are handed out again first");
        }
    }

    @Test
    void pushOnAFullStackMakesRoomFirst() {
        try (Fixture f = new Fixture()) {
            int c = f.classes.indexOf(128);
            int slots = f.slots(c);
            for (int i = 0; i <= slots; i++) {
                f.push(c, f.arenas[0].mallocSmall(c));
            }
            assertEquals(slots / 2 + 1, f.cached(c), "half kept, plus the block pushed");
            assertEquals(slots / 2 + 1, f.curRegions(0, c));
        }
    }

    @Test
    void gcFlushesThreeQuartersOfTheBlocksThatSatBelowTheLowWaterMark() {
        try (Fixture f = new Fixture()) {
            int classesCached = f.smallCount + LARGE_CACHED;
            int c = 0; // the GC steps start at class 0
            f.pop(c); // refill
            int got = f.cached(c) + 1;
            f.tc.gcEvent(); // class 0 ran dry in this interval: nothing to flush
            assertEquals(got - 1, f.cached(c), "nothing flushed from a class that ran dry");
            assertEquals(f.top(c), f.low(c), "low-water mark restarts at the top");
            f.gcRoundTo(c, classesCached);

            // This interval: 30 blocks out, 20 back. The bottom (cached - 30) never moved.
            long[] out = new long[30];
            for (int i = 0; i < out.length; i++) {
                out[i] = f.pop(c);
            }
            for (int i = 0; i < 20; i++) {
                f.push(c, out[i]);
            }
            int unused = f.low(c) - f.base(c);
            assertEquals(got - 1 - 30, unused, "blocks below the low-water mark");
            long[] before = f.stackOf(c);
            long regionsBefore = f.curRegions(0, c);

            f.tc.gcEvent();
            int flushed = unused - unused / 4;
            assertEquals(regionsBefore - flushed, f.curRegions(0, c), "regions back in the bin");
            assertEquals(before.length - flushed, f.cached(c), "blocks still cached");
            assertTrue(Arrays.equals(Arrays.copyOfRange(before, flushed, before.length), f.stackOf(c)),
                    "the oldest blocks went; the rest slid down in order");
            assertEquals(f.top(c), f.low(c), "low-water mark restarts at the top");

            // An untouched interval after that flushes 3/4 of what is left.
            f.gcRoundTo(c, classesCached);
            int left = f.cached(c);
            f.tc.gcEvent();
            assertEquals(left - (left - left / 4), f.cached(c), "second GC of an idle class");
        }
    }

    @Test
    void gcShrinksTheFillBatchOfAnIdleClassAndGrowsItBackWhenItRunsDry() {
        try (Fixture f = new Fixture()) {
            int classesCached = f.smallCount + LARGE_CACHED;
            int c = 0;
            int first = refillSize(f, c);
            assertEquals(f.slots(c) / 2, first, "the first refill brings half the stack (jemalloc's fill divisor 2)");
            f.tc.gcEvent(); // ran dry during this interval, but the batch is already at its maximum
            f.gcRoundTo(c, classesCached);
            f.tc.gcEvent(); // idle interval: flushes 3/4 of the unused blocks and halves the batch
            f.gcRoundTo(c, classesCached);
            drain(f, c);
            int shrunk = refillSize(f, c);
            assertTrue(shrunk < first && shrunk >= first / 2,
                    "after an idle interval the batch shrank from " + first + " to " + shrunk);
            f.tc.gcEvent(); // ran dry again: the batch doubles, up to half the stack
            f.gcRoundTo(c, classesCached);
            drain(f, c);
            int grown = refillSize(f, c);
            assertTrue(grown > shrunk && grown <= f.slots(c) / 2,
                    "after running dry the batch grew from " + shrunk + " to " + grown + " (slots " + f.slots(c) + ")");
        }
    }

    /** Pops from an empty class and returns how many blocks the refill brought (the popped one included). */
    private static int refillSize(Fixture f, int c) {
        assertEquals(0, f.cached(c), "refill from empty");
        f.pop(c);
        return f.cached(c) + 1;
    }

    private static void drain(Fixture f, int c) {
        while (f.cached(c) > 0) {
            f.pop(c);
        }
    }

    @Test
    void gcLeavesAClassThatWasFullyUsedAlone() {
        try (Fixture f = new Fixture()) {
            int c = 0;
            f.pop(c);
            f.tc.gcEvent();
            f.gcRoundTo(c, f.smallCount + LARGE_CACHED);
            drain(f, c); // every block was used: the low-water mark is at the bottom
            long regions = f.curRegions(0, c);
            f.tc.gcEvent();
            assertEquals(regions, f.curRegions(0, c), "nothing flushed");
        }
    }

    @Test
    void flushAllReturnsEveryBlockToTheArenaThatOwnsIt() {
        try (Fixture f = new Fixture()) {
            int[] smallClasses = {0, f.classes.indexOf(48), f.classes.indexOf(1024), f.smallCount - 1};
            for (int c : smallClasses) {
                long popped = f.pop(c); // a refill from arena 0
                for (int i = 0; i < 5; i++) {
                    f.push(c, f.arenas[1].mallocSmall(c)); // remote frees of arena 1's blocks
                }
                f.push(c, popped);
                f.push(c, f.arenas[1].mallocSmall(c));
            }
            for (int c = f.smallCount; c < f.smallCount + LARGE_CACHED; c++) {
                long size = f.classes.sizeOf(c);
                for (int arena = 0; arena < 2; arena++) {
                    f.push(c, f.arenas[arena].mallocLarge(c, size, PAGE, size).base);
                }
            }
            for (int a = 0; a < 2; a++) {
                Arena arena = f.arenas[a];
                arena.lockAll();
                try {
                    assertTrue(arena.smallAllocated() > 0 && arena.largeAllocated() > 0, "arena " + a + " has blocks out");
                } finally {
                    arena.unlockAll();
                }
            }

            f.tc.flushAll();
            for (int c = 0; c < f.smallCount + LARGE_CACHED; c++) {
                assertEquals(0, f.cached(c), "class " + c + " cached after flushAll");
            }
            for (int a = 0; a < 2; a++) {
                Arena arena = f.arenas[a];
                arena.lockAll();
                try {
                    assertEquals(0, arena.smallAllocated(), "arena " + a + " small bytes allocated");
                    assertEquals(0, arena.largeAllocated(), "arena " + a + " large bytes allocated");
                    assertEquals(LARGE_CACHED, arena.largeFrees(), "arena " + a + " large frees");
                    assertEquals(0, arena.pages().activeBytes(), "arena " + a + " active pages");
                } finally {
                    arena.unlockAll();
                }
            }
        }
    }

    @Test
    void aBlockIsNeverReturnedTwiceEvenWhenAFlushFails() {
        try (Fixture f = new Fixture()) {
            int c = f.classes.indexOf(96);
            long a = f.arenas[0].mallocSmall(c);
            long keep = f.arenas[0].mallocSmall(c); // keeps the slab alive
            f.push(c, a);
            f.push(c, a); // the application freed a twice and both frees reached the cache
            IllegalStateException e = assertThrows(IllegalStateException.class, f.tc::flushAll);
            assertTrue(e.getMessage().contains(String.format("double free of 0x%x", a)), e.getMessage());
            assertEquals(0, f.cached(c), "the failed range is dropped from the cache");
            assertEquals(1, f.curRegions(0, c), "a went back once; keep is still out");
            f.tc.flushAll(); // nothing left to return twice
            assertEquals(1, f.curRegions(0, c));
            f.arenas[0].freeSmall(f.map.get(keep), keep);
            assertEquals(0, f.curRegions(0, c));
        }
    }

    @Test
    void rearmRestartsTheEventWordEvenWithoutCachedClasses() {
        try (Fixture f = new Fixture(0)) {
            f.tc.rearm(1, CacheEvents.NO_BYTE_EVENT);
            f.tc.slots()[CacheSlots.TICKS] -= CacheEvents.increment(0); // one cached malloc, as the fast path counts it
            assertTrue(CacheEvents.fired(f.tc.slots()[CacheSlots.TICKS]));
            f.tc.gcEvent(); // the GC step leaves the word to the event handler, which re-arms it
            f.tc.rearm(ThreadCache.GC_INTERVAL, CacheEvents.NO_BYTE_EVENT);
            long w = f.tc.slots()[CacheSlots.TICKS];
            assertFalse(CacheEvents.fired(w));
            assertEquals(ThreadCache.GC_INTERVAL, CacheEvents.callsLeft(w));
            assertEquals(1, f.tc.totals().hits(), "the harvested call counts as a hit");
        }
    }
}
