package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Threads that allocate and die: what their caches hold must come back. {@code purge()} (and
 * {@code stats()}) reclaim the caches of threads that have terminated, so after the threads are
 * joined and the survivors freed, nothing is allocated. Virtual threads share caches (they get none
 * of their own), so a hundred thousand of them do not bind a hundred thousand threads to arenas.
 */
class ThreadExitTest {

    private static final int PLATFORM_THREADS = 1_000;
    private static final int VIRTUAL_THREADS = 100_000;
    private static final long[] SIZES = {16, 48, 100, 512, 3000, 20_000, 40_000};

    private record Survivor(long address, long usable, long seed) {
    }

    @Test
    @Timeout(60)
    void cachesOfDeadPlatformThreadsAreReclaimedByPurge() {
        try (Allocator allocator = Allocator.builder().threadCache(true).arenas(4).build()) {
            ConcurrentLinkedQueue<Survivor> survivors = runShortLivedThreads(allocator, PLATFORM_THREADS);
            for (Survivor s : survivors) {
                Cookies.check(s.address(), s.usable(), s.seed(), "survivor freed on the main thread");
                allocator.free(s.address());
            }
            allocator.purge();
            allocator.flushThreadCache();
            Stats stats = allocator.stats();
            StatsInvariantsTest.assertInvariants(stats, allocator.config(), "after the threads died and purge()");
            assertEquals(0, stats.allocated(), "stats().allocated after " + PLATFORM_THREADS
                    + " threads died, their survivors were freed and purge() ran");
        }
    }

    @Test
    @Timeout(60)
    void deadPlatformThreadsAreNoLongerBoundToArenas() {
        try (Allocator allocator = Allocator.builder().threadCache(true).arenas(4).build()) {
            int threads = 200;
            ConcurrentLinkedQueue<Survivor> survivors = runShortLivedThreads(allocator, threads);
            survivors.forEach(s -> allocator.free(s.address()));
            allocator.purge();
            int bound = allocator.stats().arenas().stream().mapToInt(Stats.ArenaStats::threads).sum();
            assertTrue(bound <= 1, "threads bound to arenas after " + threads
                    + " threads died and purge() ran: " + bound + " (only the main thread is alive)");
        }
    }

    @Test
    @Timeout(60)
    void virtualThreadsDoNotEachGetACache() throws Exception {
        try (Allocator allocator = Allocator.builder().threadCache(true).arenas(4).build()) {
            AtomicInteger mostBound = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            Thread sampler = Thread.ofPlatform().daemon(true).start(() -> {
                while (running.get()) {
                    int bound = allocator.stats().arenas().stream().mapToInt(Stats.ArenaStats::threads).sum();
                    mostBound.accumulateAndGet(bound, Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < VIRTUAL_THREADS; i++) {
                    long seed = i;
                    executor.execute(() -> {
                        try {
                            mallocAndFree(allocator, new SplittableRandom(seed));
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                    });
                }
            }
            running.set(false);
            sampler.join();
            TestThreads.rethrow(failures);
            int atEnd = allocator.stats().arenas().stream().mapToInt(Stats.ArenaStats::threads).sum();
            mostBound.accumulateAndGet(atEnd, Math::max);

            // Carriers are the only platform threads virtual threads run on; add the main thread and the sampler.
            int carriers = Integer.getInteger("jdk.virtualThreadScheduler.maxPoolSize",
                    Math.max(256, Runtime.getRuntime().availableProcessors()));
            assertTrue(mostBound.get() <= carriers + 2, "threads bound to arenas while " + VIRTUAL_THREADS
                    + " virtual threads ran: up to " + mostBound.get() + ", more than " + carriers
                    + " carriers + 2");

            allocator.purge();
            allocator.flushThreadCache();
            assertEquals(0, allocator.stats().allocated(),
                    "stats().allocated after " + VIRTUAL_THREADS + " virtual threads freed what they allocated");
        }
    }

    private static void mallocAndFree(Allocator allocator, SplittableRandom random) {
        long[] blocks = new long[3];
        long[] sizes = new long[blocks.length];
        long[] seeds = new long[blocks.length];
        for (int i = 0; i < blocks.length; i++) {
            sizes[i] = SIZES[random.nextInt(4)];
            blocks[i] = allocator.malloc(sizes[i]);
            seeds[i] = Cookies.seedFor(blocks[i], random.nextLong());
            Cookies.write(blocks[i], sizes[i], seeds[i]);
        }
        for (int i = 0; i < blocks.length; i++) {
            Cookies.check(blocks[i], sizes[i], seeds[i], "free on a virtual thread");
            allocator.free(blocks[i]);
        }
    }

    /** Each thread mallocs every size, frees a random half-ish, hands the rest over, and ends. */
    private static ConcurrentLinkedQueue<Survivor> runShortLivedThreads(Allocator allocator, int threads) {
        ConcurrentLinkedQueue<Survivor> survivors = new ConcurrentLinkedQueue<>();
        List<Runnable> tasks = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            long seed = 0x7E417L * (t + 1);
            tasks.add(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                boolean handedOver = false;
                for (long size : SIZES) {
                    long address = allocator.malloc(size);
                    long usable = allocator.usableSize(address);
                    long cookie = Cookies.seedFor(address, random.nextLong());
                    Cookies.write(address, usable, cookie);
                    if (random.nextBoolean() || (size == SIZES[SIZES.length - 1] && !handedOver)) {
                        survivors.add(new Survivor(address, usable, cookie));
                        handedOver = true;
                    } else {
                        Cookies.check(address, usable, cookie, "free on the allocating thread");
                        allocator.free(address);
                    }
                }
            });
        }
        TestThreads.runAll("short-lived", tasks, 50);
        return survivors;
    }
}
