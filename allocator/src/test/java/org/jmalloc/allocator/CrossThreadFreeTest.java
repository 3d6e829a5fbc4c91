package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Blocks allocated on one thread and freed on another: producers allocate blocks, write a cookie
 * and pass them through a queue; consumers check the cookie and free them (into their own thread
 * caches, which must send them back to the right arena). A concurrent set of live addresses catches
 * an address handed out while still live. When every thread has ended, {@code purge()} reclaims
 * the dead threads' caches and nothing is allocated.
 */
class CrossThreadFreeTest {

    private static final long SEED = Long.getLong("jmalloc.test.seed", 0x43524F5353L);
    private static final int BLOCKS_PER_PRODUCER = 40_000;

    private record Handoff(long address, long usable, long seed) {
    }

    private static final Handoff END = new Handoff(0, 0, 0);

    @ParameterizedTest(name = "arenas={0}")
    @ValueSource(ints = {1, 4})
    @Timeout(60)
    void blocksFreedByAnotherThreadAreReclaimed(int arenas) throws Exception {
        exchange(arenas, 1, 1);
    }

    @ParameterizedTest(name = "arenas={0}")
    @ValueSource(ints = {1, 4})
    @Timeout(60)
    void blocksFreedByTwoOtherThreadsAreReclaimed(int arenas) throws Exception {
        exchange(arenas, 2, 2);
    }

    private static void exchange(int arenas, int producers, int consumers) {
        if (producers != consumers) {
            throw new IllegalArgumentException("each producer's end marker stops one consumer");
        }
        try (Allocator allocator = Allocator.builder().threadCache(true).arenas(arenas).build()) {
            BlockingQueue<Handoff> queue = new ArrayBlockingQueue<>(256);
            Set<Long> live = ConcurrentHashMap.newKeySet();
            List<Runnable> tasks = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                long seed = SEED + p;
                tasks.add(() -> produce(allocator, queue, live, new SplittableRandom(seed)));
            }
            for (int c = 0; c < consumers; c++) {
                long seed = ~SEED - c;
                tasks.add(() -> consume(allocator, queue, live, new SplittableRandom(seed)));
            }
            TestThreads.runAll("cross-thread", tasks, 50);
            assertEquals(Set.of(), live, "blocks handed out and never freed");

            allocator.purge();
            allocator.flushThreadCache();
            Stats stats = allocator.stats();
            StatsInvariantsTest.assertInvariants(stats, allocator.config(), "after the threads ended and purge()");
            assertEquals(0, stats.allocated(),
                    "stats().allocated after every block was freed, the threads ended and purge() ran");
        }
    }

    private static void produce(Allocator allocator, BlockingQueue<Handoff> queue, Set<Long> live,
                                SplittableRandom random) {
        try {
            for (int i = 0; i < BLOCKS_PER_PRODUCER; i++) {
                long size = drawSize(random);
                long address = random.nextInt(8) == 0 ? allocator.calloc(1, size) : allocator.malloc(size);
                if (!live.add(address)) {
                    fail(String.format("malloc(%d) on %s returned 0x%x, which another thread still holds", size,
                            Thread.currentThread().getName(), address));
                }
                long usable = allocator.usableSize(address);
                long seed = Cookies.seedFor(address, i);
                Cookies.write(address, usable, seed);
                if (random.nextInt(4) == 0) {
                    Cookies.check(address, usable, seed, "own free on " + Thread.currentThread().getName());
                    live.remove(address);
                    allocator.free(address);
                } else {
                    hand(queue, new Handoff(address, usable, seed));
                }
            }
        } finally {
            hand(queue, END); // also when failing, so a consumer does not wait forever
        }
    }

    private static void hand(BlockingQueue<Handoff> queue, Handoff handoff) {
        try {
            if (!queue.offer(handoff, 20, TimeUnit.SECONDS)) {
                fail("no consumer took a block for 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void consume(Allocator allocator, BlockingQueue<Handoff> queue, Set<Long> live,
                                SplittableRandom random) {
        for (Handoff h = take(queue); h != END; h = take(queue)) {
            Cookies.check(h.address(), h.usable(), h.seed(), "free on " + Thread.currentThread().getName());
            live.remove(h.address());
            if (random.nextBoolean()) {
                allocator.free(h.address(), h.usable());
            } else {
                allocator.free(h.address());
            }
            if (random.nextInt(8) == 0) { // the consumer's own traffic, through the same cache
                long own = allocator.malloc(drawSize(random));
                if (!live.add(own)) {
                    fail(String.format("malloc on %s returned 0x%x, which another thread still holds",
                            Thread.currentThread().getName(), own));
                }
                Cookies.fill(own, allocator.usableSize(own), (byte) 0x3C);
                live.remove(own);
                allocator.free(own);
            }
        }
    }

    private static Handoff take(BlockingQueue<Handoff> queue) {
        try {
            Handoff handoff = queue.poll(20, TimeUnit.SECONDS);
            if (handoff == null) {
                fail("no producer passed a block for 20 s");
            }
            return handoff;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Mostly small (cached) sizes, some up to 32 KiB, 2% large. */
    private static long drawSize(SplittableRandom random) {
        int p = random.nextInt(100);
        if (p < 2) {
            return 32 * 1024 + random.nextLong(512 * 1024);
        }
        if (p < 12) {
            return 1 + random.nextLong(32 * 1024);
        }
        return 1 + random.nextLong(512);
    }
}
