package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jmalloc.allocator.control.Access;
import org.jmalloc.allocator.control.ControlEntry;
import org.junit.jupiter.api.Test;

/**
 * Every control name: readable names read as their declared type, read-only names refuse writes
 * with the closest writable names, actions refuse reads, and the names mean what they say (a few
 * checked against the allocator's own calls). Unknown names get close matches or an index range.
 */
class ControlTest {

    @Test
    void everyNameBehavesAsItsAccessSays() {
        try (Allocator a = Allocator.builder().arenas(2)
                .profiling(ProfilingOptions.defaults().withLeakReport(null)).build()) {
            Control ctl = a.control();
            List<ControlEntry> entries = ctl.entries();
            assertEquals(ctl.names().size(), entries.size());
            for (ControlEntry e : entries) {
                String name = e.name();
                if (e.access().readable()) {
                    Object v = ctl.get(name);
                    assertInstanceOf(e.type(), v, name);
                } else {
                    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> ctl.get(name));
                    assertTrue(x.getMessage().startsWith(name + " is an action and cannot be read"), x.getMessage());
                }
                if (e.access() == Access.READ_ONLY) {
                    IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                            () -> ctl.set(name, 1L));
                    assertTrue(x.getMessage().startsWith(name + " is read-only"), x.getMessage());
                } else {
                    ctl.set(name, sample(e));
                    Object wrong = e.type() == String.class ? 1L : "not-a-" + e.typeName();
                    if (e.type() != Void.class) {
                        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                                () -> ctl.set(name, wrong));
                        assertTrue(x.getMessage().startsWith(name + " takes a"), x.getMessage());
                    } else {
                        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                                () -> ctl.set(name, 1L));
                        assertTrue(x.getMessage().contains("without argument"), x.getMessage());
                    }
                }
            }
        }
    }

    /** A valid value for a writable entry. */
    static Object sample(ControlEntry e) {
        if (e.type() == Void.class) {
            return null;
        }
        if (e.type() == Boolean.class) {
            return Boolean.TRUE;
        }
        if (e.type() == String.class) {
            return e.name().equals("prof.dump") ? tempFile() : "x";
        }
        return e.name().endsWith("decay_ms") ? 5_000L : 1L;
    }

    static String tempFile() {
        try {
            java.nio.file.Path p = java.nio.file.Files.createTempFile("jmalloc-prof", ".collapsed");
            p.toFile().deleteOnExit();
            return p.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void statsNamesReadTheSnapshotOfTheCurrentEpoch() {
        try (Allocator a = Allocator.builder().arenas(1).threadCache(false).build()) {
            Control ctl = a.control();
            long before = ctl.getLong("stats.allocated");
            long epoch = ctl.getLong("epoch");
            long p = a.malloc(1000);
            assertEquals(before, ctl.getLong("stats.allocated"), "the old epoch's snapshot");
            ctl.set("epoch", 1L);
            assertEquals(epoch + 1, ctl.getLong("epoch"));
            assertEquals(before + a.usableSize(p), ctl.getLong("stats.allocated"));
            assertEquals(a.stats().allocated(), ctl.getLong("stats.allocated"));
            assertEquals(a.stats().arenas().get(0).bins().get(a.stats().arenas().get(0).bins().size() - 1).sizeClass(),
                    ctl.getLong("arenas.nbins") - 1);
            a.free(p);
        }
    }

    @Test
    void configurationNamesMatchTheConfig() {
        try (Allocator a = Allocator.builder().arenas(3).build()) {
            Control ctl = a.control();
            assertEquals(3, ctl.getLong("arenas.count"));
            assertEquals(a.config().pageSize(), ctl.getLong("arenas.page"));
            assertEquals(a.config().threadCacheMaxSize(), ctl.getLong("arenas.tcache_max"));
            assertEquals(10_000, ctl.getLong("arena.2.dirty_decay_ms"));
            assertEquals(16, ctl.getLong("arenas.bin.0.size"));
            assertTrue(ctl.getBoolean("opt.free_marks"));
        }
    }

    @Test
    void decayTimesAreWritablePerArenaAndAZeroDirtyTimePurgesAtOnce() {
        try (Allocator a = Allocator.builder().arenas(2).dirtyDecay(java.time.Duration.ofHours(1)).build()) {
            Control ctl = a.control();
            long block = a.malloc(1 << 20); // a large block, straight back to its arena's pages on free
            int arena = (int) ctl.getLong("thread.arena");
            a.free(block);
            ctl.set("epoch", 1L);
            assertTrue(ctl.getLong("stats.arenas." + arena + ".dirty_bytes") >= 1 << 20, "an hour's decay keeps it");

            ctl.set("arena." + arena + ".dirty_decay_ms", 0);
            assertEquals(0, ctl.getLong("arena." + arena + ".dirty_decay_ms"));
            ctl.set("epoch", 1L);
            assertEquals(0, ctl.getLong("stats.arenas." + arena + ".dirty_bytes"), "a time of 0 purges at once");

            int other = 1 - arena;
            ctl.set("arena." + other + ".dirty_decay_ms", 2_500L);
            ctl.set("arena." + other + ".muzzy_decay_ms", -1);
            assertEquals(2_500, ctl.getLong("arena." + other + ".dirty_decay_ms"));
            assertEquals(-1, ctl.getLong("arena." + other + ".muzzy_decay_ms"));
            assertEquals(3_600_000, ctl.getLong("opt.dirty_decay_ms"), "the built option stays");

            IllegalArgumentException below = assertThrows(IllegalArgumentException.class,
                    () -> ctl.set("arena.0.dirty_decay_ms", -2));
            assertEquals("arena.0.dirty_decay_ms takes -1 (never purge by decay), 0 (purge at once) or milliseconds "
                    + "up to " + Long.MAX_VALUE / 1_000_000 + ", not -2", below.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ctl.set("arena.0.muzzy_decay_ms", Long.MAX_VALUE));
            IllegalArgumentException readOnly = assertThrows(IllegalArgumentException.class,
                    () -> ctl.set("opt.dirty_decay_ms", 5));
            assertTrue(readOnly.getMessage().startsWith("opt.dirty_decay_ms is read-only"), readOnly.getMessage());
            assertEquals(2_500, ctl.getLong("arena." + other + ".dirty_decay_ms"), "refused writes change nothing");
        }
    }

    @Test
    void unknownNamesListCloseMatchesAndIndexRanges() {
        try (Allocator a = Allocator.builder().arenas(2).build()) {
            Control ctl = a.control();
            IllegalArgumentException typo = assertThrows(IllegalArgumentException.class, () -> ctl.get("stats.alocated"));
            assertEquals("unknown control name 'stats.alocated'; close matches: stats.allocated", typo.getMessage());
            IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                    () -> ctl.get("stats.arenas.7.dirty_bytes"));
            assertTrue(range.getMessage().startsWith("unknown control name 'stats.arenas.7.dirty_bytes': an index is "
                    + "out of range for stats.arenas.<i>.dirty_bytes (<i>: arenas 0..1"), range.getMessage());
            IllegalArgumentException far = assertThrows(IllegalArgumentException.class, () -> ctl.get("zzzzzzzz"));
            assertTrue(far.getMessage().contains("no name is close to it: names() lists all"), far.getMessage());
            IllegalArgumentException readOnly = assertThrows(IllegalArgumentException.class,
                    () -> ctl.set("arenas.count", 1L));
            assertTrue(readOnly.getMessage().startsWith("arenas.count is read-only"), readOnly.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ctl.get(null));
            assertFalse(ctl.names().isEmpty());
        }
    }

    @Test
    void profilingNamesWithoutProfilingReadAsOffAndRefuseWrites() {
        try (Allocator a = Allocator.builder().arenas(1).build()) {
            Control ctl = a.control();
            assertFalse(ctl.getBoolean("prof.active"));
            assertFalse(ctl.getBoolean("opt.prof"));
            assertEquals(-1, ctl.getLong("prof.lg_sample"));
            assertEquals(0, ctl.getLong("prof.live_samples"));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ctl.set("prof.active", true));
            assertTrue(e.getMessage().contains("profiling(true)"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> ctl.set("prof.dump", tempFile()));
        }
    }

    @Test
    void threadNamesFollowTheCallingThread() throws Exception {
        try (Allocator a = Allocator.builder().arenas(2).build()) {
            Control ctl = a.control();
            long before = ctl.getLong("thread.allocated");
            long p = a.malloc(100);
            assertEquals(before + 112, ctl.getLong("thread.allocated"));
            a.free(p);
            assertEquals(ctl.getLong("thread.allocated"), ctl.getLong("thread.deallocated"));
            long[] other = new long[1];
            Thread t = Thread.ofPlatform().start(() -> other[0] = ctl.getLong("thread.allocated"));
            t.join();
            assertEquals(0, other[0], "another thread's counters are its own");
            ctl.set("thread.tcache.flush", null);
            Thread v = Thread.ofVirtual().start(() -> assertThrows(IllegalStateException.class,
                    () -> ctl.get("thread.allocated")));
            v.join();
        }
    }
}
