package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.jmalloc.allocator.sync.SpinThenParkLock;
import org.junit.jupiter.api.Test;

/**
 * The per-lock and per-class counters of a snapshot on a live allocator: a bin lock that the test
 * holds while another thread allocates shows one contended acquisition that waited at least as
 * long as it was held; thread-cache fills and flushes count per bin; large blocks count per
 * class. The control names read the same figures.
 */
class LockAndClassStatsTest {

    @Test
    void aMallocThatFindsItsBinLockHeldCountsAsContendedWithItsWait() throws Exception {
        try (Allocator allocator = Allocator.builder().arenas(1).threadCache(false).build()) {
            int c = SizeClasses.index(64);
            SpinThenParkLock lock = allocator.arena(0).bin(c).lock;
            lock.lockUncounted(); // the test's hold is not counted, as a stats snapshot's is not
            AtomicReference<Long> block = new AtomicReference<>();
            Thread t = Thread.ofPlatform().start(() -> block.set(allocator.malloc(64)));
            long held;
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!lock.hasQueuedThread(t) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertTrue(lock.hasQueuedThread(t), "the malloc queued behind the test's hold");
                long queued = System.nanoTime();
                Thread.sleep(20);
                held = System.nanoTime() - queued;
            } finally {
                lock.unlock();
            }
            assertTrue(t.join(Duration.ofSeconds(30)), "the malloc finished");

            Stats.ArenaStats arena = allocator.stats().arenas().get(0);
            Stats.LockStats bin = arena.bins().get(c).lock();
            assertEquals(1, bin.acquisitions(), "the malloc's one acquisition");
            assertEquals(1, bin.contended());
            assertTrue(bin.waitNanos() >= held, "waited " + bin.waitNanos() + " ns, held " + held + " ns");
            assertEquals(bin.waitNanos(), bin.maxWaitNanos());
            assertEquals(new Stats.LockStats(1, 0, 0, 0), arena.pageLock(), "the new slab's pages, uncontended");
            assertEquals(new Stats.LockStats(2, 1, bin.waitNanos(), bin.waitNanos()), arena.locks());

            Control ctl = allocator.control();
            ctl.set("epoch", 1L);
            String prefix = "stats.arenas.0.bins." + c + ".lock.";
            assertEquals(List.of(1L, 1L, bin.waitNanos(), bin.maxWaitNanos()),
                    List.of(ctl.getLong(prefix + "acquisitions"), ctl.getLong(prefix + "contended"),
                            ctl.getLong(prefix + "wait_ns"), ctl.getLong(prefix + "max_wait_ns")));
            assertEquals(1L, ctl.getLong("stats.arenas.0.lock.acquisitions"));
            assertEquals(0L, ctl.getLong("stats.arenas.0.lock.contended"));
            allocator.free(block.get());
        }
    }

    @Test
    void fillsAndFlushesCountPerBin() {
        try (Allocator allocator = Allocator.builder().arenas(1).build()) {
            int c = SizeClasses.index(64);
            TestThreads.runAll("fills", List.of(() -> {
                allocator.free(allocator.malloc(64)); // a miss: one fill
                allocator.flushThreadCache(); // one batch back to the bin
            }), 60);
            Stats.SizeClassStats bin = allocator.stats().arenas().get(0).bins().get(c);
            assertEquals(1, bin.fills());
            assertEquals(1, bin.flushes());
            assertEquals(bin, allocator.stats().sizeClasses().get(c), "one arena: the merged row is its row");
            Control ctl = allocator.control();
            assertEquals(1L, ctl.getLong("stats.arenas.0.bins." + c + ".nfills"));
            assertEquals(1L, ctl.getLong("stats.arenas.0.bins." + c + ".nflushes"));
        }
    }

    @Test
    void largeBlocksCountPerClassAndAnInPlaceResizeMovesTheBlockBetweenClasses() {
        try (Allocator allocator = Allocator.builder().arenas(1).build()) {
            long size = 1 << 20;
            int c = SizeClasses.index(size);
            long a = allocator.malloc(size);
            long b = allocator.malloc(size);
            allocator.free(b); // the pages after a are free now: a grows in place
            assertEquals(a, allocator.realloc(a, 2 * size));
            int grown = SizeClasses.index(2 * size);
            List<Stats.LargeClassStats> large = allocator.stats().arenas().get(0).largeClasses();
            // Two mallocs of class c and the in-place growth, a request of the grown class.
            assertEquals(List.of(new Stats.LargeClassStats(c, size, 2, 2, 2),
                    new Stats.LargeClassStats(grown, 2 * size, 1, 0, 1)), large);
            assertEquals(large, allocator.stats().largeClasses());
            assertEquals(1, large.get(1).current());
            allocator.free(a);
            assertEquals(0, allocator.stats().largeClasses().get(1).current());
        }
    }
}
