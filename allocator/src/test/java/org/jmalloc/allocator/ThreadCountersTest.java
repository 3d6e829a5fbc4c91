package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@code thread.allocated}, {@code thread.deallocated} and {@code thread.peak} are exact for the
 * calling thread whatever path each call took — fast pops and pushes, refills, flushes, GC steps,
 * large blocks, cross-thread frees — although the free fast path counts nothing and the malloc
 * fast path only counts down its event word; and the live threads' counters sum to the
 * {@code stats.threads.*} totals.
 */
class ThreadCountersTest {

    private static final long SEED = Long.getLong("jmalloc.test.seed", 0x7C0DEL);

    @ParameterizedTest(name = "threadCache={0}")
    @ValueSource(booleans = {true, false})
    void countersMatchAnExactModelOfARandomRun(boolean threadCache) {
        try (Allocator a = Allocator.builder().arenas(1).threadCache(threadCache).build()) {
            Control ctl = a.control();
            SplittableRandom random = new SplittableRandom(SEED);
            long[] live = new long[2000];
            long allocated = 0;
            long deallocated = 0;
            long peak = 0;
            for (int op = 0; op < 200_000; op++) {
                int slot = random.nextInt(live.length);
                if (live[slot] != 0) {
                    deallocated += a.usableSize(live[slot]);
                    if (random.nextBoolean()) {
                        a.free(live[slot]);
                    } else {
                        a.free(live[slot], a.usableSize(live[slot]));
                    }
                    live[slot] = 0;
                } else {
                    long size = random.nextInt(10) == 0 ? 1 + random.nextInt(100_000) : 1 + random.nextInt(512);
                    live[slot] = a.malloc(size);
                    allocated += a.usableSize(live[slot]);
                    peak = Math.max(peak, allocated - deallocated);
                }
            }
            assertEquals(allocated, ctl.getLong("thread.allocated"), "thread.allocated, seed " + SEED);
            assertEquals(deallocated, ctl.getLong("thread.deallocated"), "thread.deallocated, seed " + SEED);
            long reported = ctl.getLong("thread.peak");
            assertTrue(reported <= peak, "the peak is never overstated: " + reported + " > " + peak);
            // Between two observations a thread only pops blocks its stacks held: at most their capacity.
            long slack = threadCache ? 4L << 20 : 0;
            assertTrue(reported >= peak - slack, "peak " + reported + " vs true " + peak);
            for (long p : live) {
                if (p != 0) {
                    a.free(p);
                }
            }
            assertEquals(ctl.getLong("thread.allocated"), ctl.getLong("thread.deallocated"));
            ctl.set("thread.peak.reset", null);
            assertEquals(0, ctl.getLong("thread.peak"));
        }
    }

    @Test
    void crossThreadFreesCountForTheFreeingThread() throws Exception {
        try (Allocator a = Allocator.builder().arenas(2).build()) {
            Control ctl = a.control();
            long[] blocks = new long[5000];
            for (int i = 0; i < blocks.length; i++) {
                blocks[i] = a.malloc(64);
            }
            long[] theirs = new long[2];
            Thread t = Thread.ofPlatform().start(() -> {
                for (long b : blocks) {
                    a.free(b);
                }
                theirs[0] = ctl.getLong("thread.allocated");
                theirs[1] = ctl.getLong("thread.deallocated");
            });
            t.join();
            assertEquals(5000L * 64, ctl.getLong("thread.allocated"));
            assertEquals(0, ctl.getLong("thread.deallocated"));
            assertEquals(0, theirs[0]);
            assertEquals(5000L * 64, theirs[1]);
        }
    }

    @Test
    void liveThreadsSumToTheStatsTotals() throws Exception {
        try (Allocator a = Allocator.builder().arenas(2).build()) {
            Control ctl = a.control();
            CountDownLatch done = new CountDownLatch(3);
            CountDownLatch mayEnd = new CountDownLatch(1);
            long[] own = new long[3];
            Thread[] threads = new Thread[3];
            for (int k = 0; k < 3; k++) {
                int id = k;
                threads[k] = Thread.ofPlatform().start(() -> {
                    long[] held = new long[1000 * (id + 1)];
                    for (int i = 0; i < held.length; i++) {
                        held[i] = a.malloc(32 + 16 * id);
                    }
                    for (int i = 0; i < held.length; i += 2) {
                        a.free(held[i]);
                    }
                    own[id] = ctl.getLong("thread.allocated") - ctl.getLong("thread.deallocated");
                    done.countDown();
                    try {
                        mayEnd.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            done.await();
            ctl.set("epoch", 1L);
            long mine = ctl.getLong("thread.allocated") - ctl.getLong("thread.deallocated");
            long net = ctl.getLong("stats.threads.allocated") - ctl.getLong("stats.threads.deallocated");
            assertEquals(own[0] + own[1] + own[2] + mine, net);
            assertTrue(ctl.getLong("stats.threads.count") >= 3);
            assertTrue(ctl.getLong("stats.tcache.hits") > 0);
            assertTrue(ctl.getLong("stats.tcache.fills") > 0);
            mayEnd.countDown();
            for (Thread t : threads) {
                t.join();
            }
        }
    }
}
