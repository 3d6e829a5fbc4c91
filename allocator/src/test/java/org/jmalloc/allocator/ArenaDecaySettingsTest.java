package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Per-arena decay times through the control names {@code arena.<i>.dirty_decay_ms} and
 * {@code arena.<i>.muzzy_decay_ms} (jemalloc's): each arena purges by its own times, starting from
 * the builder's, and a new time drives the arena's next decay steps (dirty to muzzy to retained).
 * {@code ControlTest} checks the names' values and refusals.
 */
class ArenaDecaySettingsTest {

    private static final long BLOCK = 1L << 20;

    @Test
    void eachArenaPurgesByItsOwnDecayTimes() throws Exception {
        try (Allocator allocator = Allocator.builder().arenas(2).dirtyDecay(Duration.ofSeconds(-1)).build()) {
            Control ctl = allocator.control();
            long mine = allocator.malloc(BLOCK);
            int a = ((Long) ctl.get("thread.arena")).intValue();
            int b = 1 - a;
            assertEquals(-1L, ctl.get("arena." + a + ".dirty_decay_ms"), "the builder's time");
            assertEquals(-1L, ctl.get("arena." + b + ".dirty_decay_ms"), "the builder's time");

            ctl.set("arena." + b + ".dirty_decay_ms", 0L);
            assertEquals(0L, ctl.get("arena." + b + ".dirty_decay_ms"));
            assertEquals(-1L, ctl.get("arena." + a + ".dirty_decay_ms"), "the other arena keeps its time");
            assertEquals(0L, ctl.get("arena." + b + ".muzzy_decay_ms"), "the muzzy time is left as it was");

            // A second thread, started while this one holds arena a, binds to arena b.
            CompletableFuture.runAsync(() -> {
                long theirs = allocator.malloc(BLOCK);
                assertEquals((long) b, ctl.get("thread.arena"), "the second thread's arena");
                allocator.free(theirs);
            }, r -> Thread.ofPlatform().start(r)).get(30, TimeUnit.SECONDS);
            allocator.free(mine);

            Stats stats = allocator.stats();
            assertEquals(0, stats.arenas().get(b).dirty(), "arena " + b + " (decay 0) purged its freed block at once");
            assertTrue(stats.arenas().get(a).dirty() >= BLOCK, "arena " + a + " (decay -1) keeps its freed block dirty: "
                    + stats.arenas().get(a).dirty());

            ctl.set("arena." + a + ".dirty_decay_ms", 0L);
            assertEquals(0, allocator.stats().arenas().get(a).dirty(), "writing 0 purges the arena's dirty pages");
        }
    }

    @Test
    void aNewTimeStartsTheCurveAgainAndIsUsedByDecay() {
        try (Allocator allocator = Allocator.builder().arenas(1).dirtyDecay(Duration.ofSeconds(-1))
                .muzzyDecay(Duration.ofSeconds(-1)).build()) {
            Control ctl = allocator.control();
            long block = allocator.malloc(BLOCK);
            long guard = allocator.malloc(64);
            allocator.free(block);
            assertTrue(allocator.stats().arenas().get(0).dirty() >= BLOCK, "dirty with decay -1");
            ctl.set("arena.0.dirty_decay_ms", 0L);
            Stats stats = allocator.stats();
            assertEquals(0, stats.arenas().get(0).dirty(), "dirty once the dirty time is 0");
            assertTrue(stats.arenas().get(0).muzzy() >= BLOCK, "muzzy (MADV_FREE), the muzzy time being -1: "
                    + stats.arenas().get(0).muzzy());
            ctl.set("arena.0.muzzy_decay_ms", 0L);
            assertEquals(0, allocator.stats().arenas().get(0).muzzy(), "muzzy once the muzzy time is 0");
            ctl.set("arena.0.dirty_decay_ms", 250L);
            assertEquals(250L, ctl.get("arena.0.dirty_decay_ms"));
            allocator.free(guard);
        }
    }
}
