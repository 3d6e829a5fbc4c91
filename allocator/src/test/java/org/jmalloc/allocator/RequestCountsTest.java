package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The per-class {@code requests} (jemalloc's {@code nrequests}) are exact against a model that
 * counts every allocation call by the class it asked for: random mallocs over cached small and
 * large classes and uncached large ones, {@code mallocUncached}, {@code calloc} and
 * {@code alignedAlloc}, with frees mixed in so most mallocs are thread-cache pops that never reach
 * an arena; on several platform threads — some that end before the snapshot (their caches are
 * reaped), some alive and idle during it (their pending counts are read from their caches), a
 * thread whose cache is flushed — and on virtual threads (the shared caches). Every class's
 * requests summed over the arenas equal the merged table, and the model, in the control names too.
 */
class RequestCountsTest {

    private static final long SEED = Long.getLong("jmalloc.test.seed", 0x5EC1A55L);
    /** Sizes over cached small classes, cached large ones (≤ 32 KiB) and uncached large ones. */
    private static final long[] SIZES = {1, 16, 17, 48, 100, 128, 500, 1024, 3000, 8192, 14_000, 20_000, 32_768,
        40_000, 100_000, 1 << 20};

    @ParameterizedTest(name = "threadCache={0}")
    @ValueSource(booleans = {true, false})
    void requestsMatchAModelOfEveryAllocationCall(boolean threadCache) throws Exception {
        try (Allocator a = Allocator.builder().arenas(2).threadCache(threadCache).build()) {
            AtomicLongArray model = new AtomicLongArray(SizeClasses.NUM_CLASSES);
            List<Runnable> ending = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                long seed = SEED + t;
                ending.add(() -> run(a, model, new SplittableRandom(seed), 30_000));
            }
            TestThreads.runAll("requests-ending", ending, 120);

            // Threads that stay alive, idle, while the snapshot is taken; one flushes its cache first.
            CountDownLatch done = new CountDownLatch(3);
            CountDownLatch release = new CountDownLatch(1);
            List<Thread> idle = new ArrayList<>();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            for (int t = 0; t < 3; t++) {
                long seed = SEED + 100 + t;
                boolean flush = t == 0;
                idle.add(Thread.ofPlatform().daemon(true).start(() -> {
                    try {
                        run(a, model, new SplittableRandom(seed), 20_000);
                        if (flush) {
                            a.flushThreadCache();
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    } finally {
                        done.countDown();
                    }
                    awaitQuietly(release);
                }));
            }
            List<Thread> virtual = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = SEED + 200 + t;
                virtual.add(Thread.ofVirtual().start(() -> {
                    try {
                        run(a, model, new SplittableRandom(seed), 5_000);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            for (Thread v : virtual) {
                v.join();
            }
            done.await();
            run(a, model, new SplittableRandom(SEED + 300), 10_000); // this thread too, cache alive
            TestThreads.rethrow(failures);

            Stats s = a.stats();
            long[] merged = new long[SizeClasses.NUM_CLASSES];
            long[] byArena = new long[SizeClasses.NUM_CLASSES];
            for (Stats.SizeClassStats k : s.sizeClasses()) {
                merged[k.sizeClass()] += k.requests();
            }
            for (Stats.LargeClassStats k : s.largeClasses()) {
                merged[k.sizeClass()] += k.requests();
            }
            for (Stats.ArenaStats arena : s.arenas()) {
                for (Stats.SizeClassStats k : arena.bins()) {
                    byArena[k.sizeClass()] += k.requests();
                }
                for (Stats.LargeClassStats k : arena.largeClasses()) {
                    byArena[k.sizeClass()] += k.requests();
                }
            }
            long total = 0;
            long mallocs = 0;
            for (int c = 0; c < SizeClasses.NUM_CLASSES; c++) {
                assertEquals(model.get(c), merged[c], "requests of class " + c + " (" + SizeClasses.size(c) + " B)");
                assertEquals(merged[c], byArena[c], "class " + c + ": the arenas' requests sum to the merged figure");
                total += model.get(c);
            }
            for (Stats.SizeClassStats k : s.sizeClasses()) {
                mallocs += k.mallocs();
            }
            assertTrue(total > 50_000, "the run made " + total + " requests");
            if (threadCache) {
                // Most requests were cache pops: the bins handed out far fewer regions than were asked for.
                assertTrue(mallocs < total / 2, "bins' nmalloc " + mallocs + " against " + total + " requests");
            }
            int c16 = SizeClasses.index(16);
            assertEquals(model.get(c16), a.control().getLong("stats.arenas.0.bins." + c16 + ".nrequests")
                    + a.control().getLong("stats.arenas.1.bins." + c16 + ".nrequests"));
            release.countDown();
            for (Thread t : idle) {
                t.join();
            }
            // The idle threads have ended: reaped at the next snapshot, their pending counts merged, none lost.
            Stats after = a.stats();
            for (Stats.SizeClassStats k : after.sizeClasses()) {
                assertEquals(model.get(k.sizeClass()), k.requests(), "after the threads ended, class " + k.sizeClass());
            }
        }
    }

    /** {@code ops} random calls, half of them allocations, counted in {@code model} by the class asked for. */
    private static void run(Allocator a, AtomicLongArray model, SplittableRandom random, int ops) {
        long[] live = new long[64];
        for (int op = 0; op < ops; op++) {
            int slot = random.nextInt(live.length);
            if (live[slot] != 0) {
                a.free(live[slot]);
                live[slot] = 0;
                continue;
            }
            long size = SIZES[random.nextInt(SIZES.length)];
            int kind = random.nextInt(20);
            long address;
            long asked = size;
            if (kind == 0) {
                address = a.mallocUncached(size);
            } else if (kind == 1) {
                address = a.calloc(2, size);
                asked = 2 * size;
            } else if (kind == 2) {
                // A power-of-two alignment up to a page: the smallest class of its multiples.
                long alignment = 64;
                address = a.alignedAlloc(alignment, size);
                int c = SizeClasses.index(Math.max(size, alignment));
                while (SizeClasses.size(c) % alignment != 0) {
                    c++;
                }
                model.incrementAndGet(c);
                live[slot] = address;
                continue;
            } else {
                address = a.malloc(size);
            }
            model.incrementAndGet(SizeClasses.index(asked));
            live[slot] = address;
        }
        for (long address : live) {
            a.free(address);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
