package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ordinary frees stay on the fast path — for blocks of every arena, small and thread-cached
 * large, sized and unsized — so that a mistake in the page index's packing or the cache lookup
 * shows as a failure here rather than only as a slower benchmark; and the malloc fast path's own
 * size-to-class table agrees with the scheme for every size it serves.
 */
class FastPathTest {

    private static final long[] SIZES = {16, 64, 100, 1000, 4096, 14_000, 20_000, 32_768};
    /** How long any wait on a worker thread may take before the test fails instead of hanging. */
    private static final long TIMEOUT_SECONDS = 60;

    @Test
    void warmFreesNeverTakeTheSlowPathWhateverTheArena() throws Exception {
        int arenas = 4;
        try (Allocator allocator = Allocator.builder().arenas(arenas).build()) {
            CountDownLatch mayEnd = new CountDownLatch(1);
            Thread[] threads = new Thread[arenas];
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int t = 0; t < arenas; t++) {
                AtomicLong slowInLoop = new AtomicLong(-1);
                CountDownLatch looped = new CountDownLatch(1);
                // One thread at a time, each staying alive: thread t binds to the least-loaded arena, t.
                threads[t] = Thread.ofPlatform().start(() -> {
                    try {
                        for (long size : SIZES) { // the first calls bind the thread and fill its cache
                            allocator.free(allocator.malloc(size), size);
                            allocator.free(allocator.malloc(size));
                        }
                        long before = allocator.stats().work().freeSlow();
                        for (int i = 0; i < 1_000; i++) {
                            for (long size : SIZES) {
                                long sized = allocator.malloc(size);
                                long unsized = allocator.malloc(size);
                                allocator.free(sized, size);
                                allocator.free(unsized);
                            }
                        }
                        slowInLoop.set(allocator.stats().work().freeSlow() - before);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        looped.countDown();
                    }
                    awaitQuietly(mayEnd);
                    allocator.flushThreadCache();
                });
                assertTrue(looped.await(TIMEOUT_SECONDS, TimeUnit.SECONDS),
                        "thread " + t + " did not finish its loop within " + TIMEOUT_SECONDS + " s");
                if (failure.get() != null) {
                    mayEnd.countDown();
                    throw new AssertionError("thread " + t + " failed", failure.get());
                }
                assertEquals(0, slowInLoop.get(), "slow-path frees of thread " + t);
            }
            for (Stats.ArenaStats a : allocator.stats().arenas()) {
                assertEquals(1, a.threads(), "arena " + a.index() + " serves exactly one of the threads");
            }
            mayEnd.countDown();
            for (Thread thread : threads) {
                assertTrue(thread.join(Duration.ofSeconds(TIMEOUT_SECONDS)), thread + " did not end");
            }
        }
    }

    /** Every size the malloc fast path serves gets its own class, whatever the page size. */
    @ParameterizedTest(name = "page={0}")
    @ValueSource(longs = {4096, 16384, 65536})
    void everyCachedSizeGetsItsClassOnTheFastPath(long pageSize) {
        try (Allocator allocator = Allocator.builder().pageSize(pageSize).build()) {
            long cachedMax = allocator.config().threadCacheMaxSize();
            for (long size = 1; size <= cachedMax; size++) {
                long block = allocator.malloc(size);
                long usable = allocator.usableSize(block);
                if (usable != JemallocScheme.classOf(size)) {
                    fail("malloc(" + size + ") gave a block of " + usable + " bytes, not " + JemallocScheme.classOf(size));
                }
                allocator.free(block, size);
            }
        }
    }

    /** Waits for the test thread's go-ahead; gives up after the timeout so a failed test leaves no thread behind. */
    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
