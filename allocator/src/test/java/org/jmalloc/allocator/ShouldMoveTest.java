package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Allocator#shouldMove}: the defragmentation hint. The slab cases run on one arena without a
 * thread cache, where the bin's state follows from the calls alone: slabs fill lowest address first,
 * and the slab being filled is the lowest-address one that is not full.
 */
class ShouldMoveTest {

    private static final long REGION = 64;
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    /** {@code slabs} full slabs of the 64-byte class: their regions, slab by slab, ascending. */
    private static long[][] fullSlabs(Allocator allocator, int slabs) {
        int perSlab = regionsPerSlab(allocator);
        long[] all = new long[slabs * perSlab];
        for (int i = 0; i < all.length; i++) {
            all[i] = allocator.malloc(REGION);
        }
        Arrays.sort(all);
        long[][] bySlab = new long[slabs][];
        for (int s = 0; s < slabs; s++) {
            bySlab[s] = Arrays.copyOfRange(all, s * perSlab, (s + 1) * perSlab);
        }
        return bySlab;
    }

    private static int regionsPerSlab(Allocator allocator) {
        return allocator.stats().sizeClasses().stream().filter(c -> c.regionSize() == REGION).findFirst()
                .orElseThrow().regionsPerSlab();
    }

    private static Allocator oneArenaUncached() {
        return Allocator.builder().threadCache(false).arenas(1).build();
    }

    @Test
    void aSparseSlabIsMovedButTheSlabBeingFilledAndFullSlabsAreNot() {
        try (Allocator allocator = oneArenaUncached()) {
            long[][] slab = fullSlabs(allocator, 4);
            int n = slab[0].length;
            // Slab 1 keeps one region and becomes the lowest non-full slab: the one being filled.
            for (int r = 1; r < n; r++) {
                allocator.free(slab[1][r]);
            }
            // Slab 3 keeps half: less than the average of slabs 0, 2 and 3 (2.5 n / 3).
            for (int r = n / 2; r < n; r++) {
                allocator.free(slab[3][r]);
            }
            assertFalse(allocator.shouldMove(slab[1][0]), "the slab being filled, though the emptiest");
            assertTrue(allocator.shouldMove(slab[3][0]), "half full against an average of 5/6");
            assertFalse(allocator.shouldMove(slab[0][0]), "a full slab");
            assertFalse(allocator.shouldMove(slab[2][n - 1]), "a full slab");

            // Filling slab 1 makes slab 3 the one being filled: it is no longer moved.
            for (int r = 1; r < n; r++) {
                allocator.malloc(REGION);
            }
            assertFalse(allocator.shouldMove(slab[3][0]), "now the slab being filled");
        }
    }

    @Test
    void aSlabAboveTheAverageStaysAndOneAtTheAverageMoves() {
        try (Allocator allocator = oneArenaUncached()) {
            long[][] slab = fullSlabs(allocator, 4);
            int n = slab[0].length;
            assertTrue(n >= 8, "64-byte slabs hold at least 8 regions, stats say " + n);
            // Slab 0 is the one being filled (one region out); slabs 1 and 2 keep a quarter, slab 3 half.
            for (int r = 1; r < n; r++) {
                allocator.free(slab[0][r]);
            }
            for (int s = 1; s <= 2; s++) {
                for (int r = n / 4; r < n; r++) {
                    allocator.free(slab[s][r]);
                }
            }
            for (int r = n / 2; r < n; r++) {
                allocator.free(slab[3][r]);
            }
            // Average of slabs 1..3: (n/4 + n/4 + n/2) / 3 = n/3.
            assertTrue(allocator.shouldMove(slab[1][0]), "a quarter full, below the average of a third");
            assertFalse(allocator.shouldMove(slab[3][0]), "half full, above the average of a third");

            // Slab 3 down to a quarter too: all three at the average, and all moved (jemalloc's test is ≤).
            for (int r = n / 4; r < n / 2; r++) {
                allocator.free(slab[3][r]);
            }
            for (int s = 1; s <= 3; s++) {
                assertTrue(allocator.shouldMove(slab[s][0]), "slab " + s + " at the average");
            }
        }
    }

    @Test
    void aSingleSlabIsNeverMoved() {
        try (Allocator allocator = oneArenaUncached()) {
            long a = allocator.malloc(REGION);
            long b = allocator.malloc(REGION);
            allocator.free(b);
            assertFalse(allocator.shouldMove(a), "the only slab is the one being filled");
        }
    }

    @Test
    void largeBlocksAreNeverMoved() {
        try (Allocator allocator = Allocator.builder().arenas(1).build()) {
            long page = allocator.config().pageSize();
            long[] large = {allocator.malloc(8 * page), allocator.malloc(64 * page), allocator.malloc(4L << 20)};
            long keep = allocator.malloc(8 * page);
            for (long address : large) {
                allocator.free(address);
            }
            assertFalse(allocator.shouldMove(keep), "a large block");
            allocator.free(keep);
        }
    }

    @Test
    void aFreedBlockIsReportedAsFree() {
        for (boolean cache : new boolean[] {true, false}) {
            try (Allocator allocator = Allocator.builder().threadCache(cache).arenas(1).build()) {
                long small = allocator.malloc(REGION);
                long other = allocator.malloc(REGION); // keeps the slab alive
                long large = allocator.malloc(1L << 20);
                allocator.free(small);
                allocator.free(large);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> allocator.shouldMove(small));
                assertEquals(String.format("shouldMove of 0x%x: the block is already free", small), e.getMessage(),
                        "thread cache " + cache);
                assertThrows(IllegalStateException.class, () -> allocator.shouldMove(large), "thread cache " + cache);
                allocator.free(other);
            }
        }
    }

    @Test
    void aForeignOrInteriorAddressIsRejected() {
        try (Allocator allocator = Allocator.builder().build(); Allocator other = Allocator.builder().build()) {
            long theirs = other.malloc(REGION);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> allocator.shouldMove(theirs));
            assertEquals(String.format("shouldMove of 0x%x: not an address this allocator returned", theirs),
                    e.getMessage());
            long mine = allocator.malloc(REGION);
            e = assertThrows(IllegalArgumentException.class, () -> allocator.shouldMove(mine + 16));
            assertEquals(String.format("shouldMove of 0x%x: interior address of the block at 0x%x", mine + 16, mine),
                    e.getMessage());
            allocator.free(mine);
            other.free(theirs);
        }
    }

    @Test
    void callsAfterCloseAreRejected() {
        Allocator allocator = Allocator.builder().build();
        long a = allocator.malloc(REGION);
        allocator.close();
        assertThrows(IllegalStateException.class, () -> allocator.shouldMove(a));
        assertThrows(IllegalStateException.class, () -> allocator.mallocUncached(REGION));
        assertThrows(IllegalStateException.class, () -> allocator.freeUncached(a));
    }

    /**
     * The loop an application runs, on the default configuration (thread caches on): allocate 64
     * slabs' worth of 16–512-byte blocks with a cookie each, free a random 90 %, then move every
     * block the hint names, pass after pass. The small classes' slabs shrink to about what the live
     * blocks need, every cookie survives, and the allocator's bookkeeping adds up.
     */
    @Test
    void theDefragmentationLoopPacksTheSlabsAndKeepsEveryBlock() {
        try (Allocator allocator = Allocator.builder().build()) {
            SplittableRandom random = new SplittableRandom(11);
            int count = 200_000;
            long[] refs = new long[count];
            long[] sizes = new long[count];
            for (int i = 0; i < count; i++) {
                sizes[i] = random.nextLong(16, 513);
                refs[i] = allocator.malloc(sizes[i]);
                ALL.set(ValueLayout.JAVA_LONG_UNALIGNED, refs[i] + sizes[i] - 8, cookie(i));
            }
            List<Integer> live = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (random.nextInt(10) == 0) {
                    live.add(i);
                } else {
                    allocator.free(refs[i]);
                    refs[i] = 0;
                }
            }
            allocator.flushThreadCache();
            long slabsBefore = smallSlabs(allocator.stats());
            long allocated = allocator.stats().allocated();

            long moved = 0;
            for (int pass = 0; pass < 4; pass++) {
                allocator.flushThreadCache();
                for (int i : live) {
                    if (allocator.shouldMove(refs[i])) {
                        long to = allocator.mallocUncached(sizes[i]);
                        MemorySegment.copy(ALL, refs[i], ALL, to, sizes[i]);
                        allocator.freeUncached(refs[i]);
                        refs[i] = to;
                        moved++;
                    }
                }
            }
            Stats after = allocator.stats();
            long slabsAfter = smallSlabs(after);
            long needed = after.sizeClasses().stream().filter(c -> c.currentSlabs() > 0)
                    .mapToLong(c -> (c.currentRegions() + c.regionsPerSlab() - 1) / c.regionsPerSlab()).sum();
            System.out.printf("defragmentation: %d moves, small slabs %d -> %d, the live blocks fill %d%n", moved,
                    slabsBefore, slabsAfter, needed);
            assertTrue(moved > 0, "no block moved");
            assertEquals(allocated, after.allocated(), "moves keep the live bytes");
            assertTrue(slabsAfter <= needed + needed / 10 + after.sizeClasses().size(), String.format(
                    "%d slabs after %d moves (%d before); the live blocks fill %d", slabsAfter, moved, slabsBefore,
                    needed));
            assertTrue(slabsAfter * 3 < slabsBefore, slabsAfter + " slabs after, " + slabsBefore + " before");
            for (int i : live) {
                assertEquals(cookie(i), ALL.get(ValueLayout.JAVA_LONG_UNALIGNED, refs[i] + sizes[i] - 8),
                        "cookie of block " + i);
                allocator.free(refs[i]);
            }
            allocator.flushThreadCache();
            assertEquals(0, allocator.stats().allocated(), "allocated once every block is freed");
        }
    }

    private static long cookie(int i) {
        return 0x9E3779B97F4A7C15L * (i + 1);
    }

    private static long smallSlabs(Stats stats) {
        return stats.sizeClasses().stream().mapToLong(Stats.SizeClassStats::currentSlabs).sum();
    }
}
