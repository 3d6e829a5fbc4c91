package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The background purger survives a step that throws: the failure is counted in the stats, and the
 * purger keeps decaying pages afterwards.
 */
class BackgroundPurgerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /**
     * With {@code freeMarks(false)} a double free into a thread cache goes unnoticed until the
     * cache is flushed. A thread that does that and ends leaves the second copy to the purger,
     * whose reaping finds it in the slab's bitmap: an {@code IllegalStateException} in the purger
     * thread, which used to end it silently.
     */
    @Test
    void aFailingStepIsCountedAndThePurgerKeepsPurging() throws Exception {
        try (Allocator allocator = Allocator.builder().arenas(1).freeMarks(false).backgroundPurge(true)
                .dirtyDecay(Duration.ofMillis(200)).build()) {
            long keep = allocator.malloc(64); // keeps the slab alive, so the second free meets its bitmap
            Thread doubleFreer = Thread.ofPlatform().start(() -> {
                long block = allocator.malloc(64);
                allocator.free(block);
                allocator.free(block); // not caught: no free mark, the block is still in this thread's cache
            });
            assertTrue(doubleFreer.join(PATIENCE), "the double-freeing thread ended");

            assertEquals(1, awaitFailures(allocator, 1), "one failing reap, counted once");
            assertEquals(1, allocator.stats().backgroundPurgeFailures(), "the failure in the stats");
            assertEquals(1, allocator.stats().arenas().getFirst().threads(),
                    "only the test's own thread is still bound: the dead thread's cache was reaped all the same");

            long large = allocator.malloc(8 << 20);
            Cookies.fill(large, 8 << 20, (byte) 1); // resident, so the purge has pages to give back
            allocator.free(large);
            assertTrue(dirtyBytes(allocator) > 0, "the freed large block's pages are dirty until decay purges them");
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (dirtyBytes(allocator) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, dirtyBytes(allocator), "the purger still decays dirty pages after its failure");
            assertEquals(1, allocator.stats().backgroundPurgeFailures(), "no further failures");
            allocator.free(keep);
        }
    }

    @Test
    void withoutABackgroundPurgerNoFailureIsCounted() {
        try (Allocator allocator = Allocator.builder().arenas(1).build()) {
            assertEquals(0, allocator.stats().backgroundPurgeFailures());
        }
    }

    private static long awaitFailures(Allocator allocator, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        long failures;
        // Not through stats(): it reaps dead threads' caches too, and would meet the double free first.
        while ((failures = allocator.purgerFailures()) < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return failures;
    }

    private static long dirtyBytes(Allocator allocator) {
        return allocator.stats().arenas().stream().mapToLong(Stats.ArenaStats::dirty).sum();
    }
}
