package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * After every batch of random operations the stats agree with an independent ledger the test
 * keeps — the blocks it holds (each with the usable size it was given) and the bytes the OS layer
 * mapped and unmapped (counted by a wrapper around the real one):
 *
 * <pre>
 *   currentRegions of class c  = blocks held of that size   (thread cache off; ≥ with it on:
 *                                                             cached blocks count as out)
 *   Σ arenas largeAllocated    = Σ usable bytes of the large blocks held   (off; ≥ on)
 *   allocated                  = Σ usable bytes held                       (off; ≥ on)
 *   mapped + retained          = bytes the OS mapped − bytes it unmapped    (always)
 * </pre>
 *
 * and jemalloc's ordering {@code allocated ≤ active ≤ resident}, {@code active ≤ mapped}. The
 * snapshot's internal consistency (sums over arenas and bins, {@code currentRegions = mallocs −
 * frees}) is checked too. After everything is freed and the thread cache flushed, nothing is
 * allocated or active; after {@code purge()} no arena has dirty pages.
 */
class StatsInvariantsTest {

    private static final long SEED = Long.getLong("jmalloc.test.seed", 0x5747415453L);
    private static final int BATCHES = 25;
    private static final int BATCH = 200;

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jmalloc.allocator.AllocatorConfigurations#cacheAndArenas")
    void invariantsHoldAfterEveryBatchOfRandomOperations(AllocatorConfigurations.Spec spec) {
        TestOsMemory os = TestOsMemory.counting();
        try (Allocator allocator = spec.builder().osMemory(os).build()) {
            ReferenceModel model = new ReferenceModel(allocator, SEED ^ spec.hashCode(), spec.toString(), 800,
                    32 * ReferenceModel.MIB);
            for (int batch = 1; batch <= BATCHES; batch++) {
                model.run(BATCH);
                String when = spec + " after " + batch * BATCH + " operations";
                Stats stats = allocator.stats();
                assertInvariants(stats, allocator.config(), when);
                assertAgreesWithTheLedger(stats, allocator, model.live(), os, spec.threadCache(), when);
            }
            model.freeAll();
            allocator.flushThreadCache();
            Stats empty = allocator.stats();
            String when = spec + " after freeing everything and flushThreadCache()";
            assertInvariants(empty, allocator.config(), when);
            assertAgreesWithTheLedger(empty, allocator, model.live(), os, false, when);
            assertEquals(0, empty.allocated(), when + ": allocated");
            assertEquals(0, empty.active(), when + ": active (no slab has a region out, no large block is live)");
            for (Stats.SizeClassStats c : empty.sizeClasses()) {
                assertEquals(0, c.currentRegions(), when + ": currentRegions of class " + c.regionSize());
            }

            allocator.purge();
            Stats purged = allocator.stats();
            assertInvariants(purged, allocator.config(), spec + " after purge()");
            assertAgreesWithTheLedger(purged, allocator, model.live(), os, false, spec + " after purge()");
            for (Stats.ArenaStats arena : purged.arenas()) {
                assertEquals(0, arena.dirty(), spec + " after purge(): dirty bytes of arena " + arena.index());
            }
        }
    }

    /**
     * The ledger's equations of the class comment; with {@code cached} (a thread cache may hold
     * blocks the test freed) the allocator's figures may exceed the ledger's, never fall below.
     */
    static void assertAgreesWithTheLedger(Stats s, Allocator allocator, LiveBlocks held, TestOsMemory os, boolean cached, String when) {
        Map<Long, Integer> classBySize = new HashMap<>();
        for (Stats.SizeClassStats c : s.sizeClasses()) {
            classBySize.put(c.regionSize(), c.sizeClass());
        }
        long[] heldPerClass = new long[s.sizeClasses().size()];
        long heldLarge = 0;
        for (LiveBlocks.Block block : held.blocks()) {
            Integer c = classBySize.get(block.usable);
            if (c != null) {
                heldPerClass[c]++;
            } else {
                heldLarge += block.usable;
            }
        }
        for (Stats.SizeClassStats c : s.sizeClasses()) {
            long out = c.currentRegions();
            long mine = heldPerClass[c.sizeClass()];
            check(cached ? out >= mine : out == mine, when, "class %d: currentRegions %d but the test holds %d such blocks",
                    c.regionSize(), out, mine);
        }
        long large = s.arenas().stream().mapToLong(Stats.ArenaStats::largeAllocated).sum();
        check(cached ? large >= heldLarge : large == heldLarge, when,
                "largeAllocated sums to %d but the test holds %d bytes of large blocks", large, heldLarge);
        check(cached ? s.allocated() >= held.bytes() : s.allocated() == held.bytes(), when,
                "allocated %d but the test holds %d usable bytes", s.allocated(), held.bytes());
        // Everything still mapped is blocks' memory (mapped, retained) or the metadata mappings, which stats.mapped
        // leaves out (their carved bytes are in metadata).
        long stillMapped = os.bytesMapped() - os.bytesUnmapped();
        long metadataMapped = allocator.parts.memory.metadata().mappedBytes();
        check(s.mapped() + s.retained() + metadataMapped == stillMapped, when,
                "mapped %d + retained %d + metadata mappings %d = %d but the OS mapped %d and unmapped %d bytes (%d still"
                        + " mapped)", s.mapped(), s.retained(), metadataMapped, s.mapped() + s.retained() + metadataMapped,
                os.bytesMapped(), os.bytesUnmapped(), stillMapped);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jmalloc.allocator.AllocatorConfigurations#cacheAndArenas")
    void purgeReturnsDirtyPagesThatDecayWouldNeverPurge(AllocatorConfigurations.Spec spec) {
        try (Allocator allocator = spec.builder().dirtyDecay(Duration.ofSeconds(-1)).build()) {
            List<Long> blocks = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                blocks.add(allocator.malloc(256 * 1024));
                blocks.add(allocator.malloc(48));
                blocks.add(allocator.malloc(3000));
            }
            for (long block : blocks) {
                Cookies.fill(block, allocator.usableSize(block), (byte) 1);
                allocator.free(block);
            }
            allocator.flushThreadCache();
            Stats before = allocator.stats();
            assertInvariants(before, allocator.config(), spec + " after freeing");
            long dirty = before.arenas().stream().mapToLong(Stats.ArenaStats::dirty).sum();
            assertTrue(dirty > 0, spec + ": with dirtyDecay < 0, freed large blocks stay dirty until purge(); dirty = "
                    + dirty);

            allocator.purge();
            Stats after = allocator.stats();
            assertInvariants(after, allocator.config(), spec + " after purge()");
            for (Stats.ArenaStats arena : after.arenas()) {
                assertEquals(0, arena.dirty(), spec + " after purge(): dirty bytes of arena " + arena.index());
            }
            long purges = after.arenas().stream().mapToLong(Stats.ArenaStats::purges).sum();
            long purgedBytes = after.arenas().stream().mapToLong(Stats.ArenaStats::purgedBytes).sum();
            assertTrue(purges > 0, spec + ": purge() of " + dirty + " dirty bytes counts no madvise call");
            assertTrue(purgedBytes >= dirty, spec + ": purge() of " + dirty + " dirty bytes counts only "
                    + purgedBytes + " purged bytes");
        }
    }

    /** Checks jemalloc's orderings and the snapshot's internal consistency (no ledger needed). */
    static void assertInvariants(Stats s, AllocatorConfig config, String when) {
        check(s.allocated() >= 0, when, "allocated %d < 0", s.allocated());
        check(s.allocated() <= s.active(), when, "allocated %d > active %d", s.allocated(), s.active());
        check(s.active() <= s.resident(), when, "active %d > resident %d", s.active(), s.resident());
        check(s.active() <= s.mapped(), when, "active %d > mapped %d", s.active(), s.mapped());
        check(s.arenas().size() == config.arenas(), when, "%d arena entries for %d arenas", s.arenas().size(),
                config.arenas());

        long small = 0;
        long large = 0;
        long[][] binSums = new long[s.sizeClasses().size()][5];
        for (Stats.ArenaStats arena : s.arenas()) {
            small += arena.smallAllocated();
            large += arena.largeAllocated();
            check(arena.dirty() >= 0 && arena.muzzy() >= 0 && arena.retained() >= 0, when,
                    "arena %d has negative page counts: dirty %d muzzy %d retained %d", arena.index(), arena.dirty(),
                    arena.muzzy(), arena.retained());
            check(arena.bins().size() == s.sizeClasses().size(), when, "arena %d has %d bins for %d classes",
                    arena.index(), arena.bins().size(), s.sizeClasses().size());
            long arenaSmall = 0;
            for (int i = 0; i < arena.bins().size(); i++) {
                Stats.SizeClassStats bin = arena.bins().get(i);
                assertClassCounters(bin, when + ", arena " + arena.index());
                arenaSmall += bin.currentRegions() * bin.regionSize();
                binSums[i][0] += bin.mallocs();
                binSums[i][1] += bin.frees();
                binSums[i][2] += bin.currentRegions();
                binSums[i][3] += bin.currentSlabs();
                binSums[i][4] += bin.totalSlabs();
            }
            check(arenaSmall == arena.smallAllocated(), when,
                    "arena %d: smallAllocated %d but its bins' currentRegions × regionSize sum to %d",
                    arena.index(), arena.smallAllocated(), arenaSmall);
        }
        check(small + large == s.allocated(), when,
                "allocated %d but the arenas' smallAllocated %d + largeAllocated %d = %d", s.allocated(), small, large,
                small + large);
        for (int i = 0; i < s.sizeClasses().size(); i++) {
            Stats.SizeClassStats c = s.sizeClasses().get(i);
            assertClassCounters(c, when + ", summed");
            long[] sum = binSums[i];
            check(c.mallocs() == sum[0] && c.frees() == sum[1] && c.currentRegions() == sum[2]
                            && c.currentSlabs() == sum[3] && c.totalSlabs() == sum[4], when,
                    "class %d: summed entry %s differs from the arenas' bins summed: mallocs %d frees %d current %d"
                            + " slabs %d total slabs %d", c.regionSize(), c, sum[0], sum[1], sum[2], sum[3], sum[4]);
        }
    }

    private static void assertClassCounters(Stats.SizeClassStats c, String when) {
        check(c.currentRegions() == c.mallocs() - c.frees(), when, "class %d: currentRegions %d != mallocs %d - frees %d",
                c.regionSize(), c.currentRegions(), c.mallocs(), c.frees());
        check(c.currentRegions() >= 0, when, "class %d: currentRegions %d < 0", c.regionSize(), c.currentRegions());
        check(c.currentRegions() <= c.currentSlabs() * (long) c.regionsPerSlab(), when,
                "class %d: %d regions out but %d slabs of %d regions", c.regionSize(), c.currentRegions(),
                c.currentSlabs(), c.regionsPerSlab());
        check(c.currentSlabs() <= c.totalSlabs(), when, "class %d: currentSlabs %d > totalSlabs %d", c.regionSize(),
                c.currentSlabs(), c.totalSlabs());
        check(c.regionsPerSlab() * c.regionSize() <= c.slabSize(), when, "class %d: %d regions do not fit a %d-byte slab",
                c.regionSize(), c.regionsPerSlab(), c.slabSize());
    }

    private static void check(boolean holds, String when, String format, Object... args) {
        if (!holds) {
            fail(when + ": " + String.format(format, args));
        }
    }
}
