package org.jmalloc.allocator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jmalloc.allocator.os.ProcessFootprint;

/**
 * The child JVM of {@link ThreadChurnFootprintTest}, whose Java heap is fixed and touched up front
 * so that the resident set moves only with native memory: runs the churn once as a rehearsal and
 * frees its blocks, then measures the resident set before the churn, with its blocks held, and
 * after they are freed and the allocator purged, and prints one line of figures for the test.
 */
public final class ThreadChurnChild {

    static final int THREADS = 1_000;
    private static final int AT_ONCE = 8;
    private static final int BLOCKS_PER_THREAD = 128;

    private ThreadChurnChild() {
    }

    public static void main(String[] args) {
        try (Allocator allocator = Allocator.builder().build()) {
            for (long[] block : churn(allocator, 1)) {
                allocator.free(block[0]);
            }
            allocator.purge();
            long start = ProcessFootprint.read().rss();

            List<long[]> blocks = churn(allocator, 2);
            long held = blocks.stream().mapToLong(b -> b[1]).sum();
            long peak = ProcessFootprint.read().rss();
            for (long[] block : blocks) {
                Cookies.check(block[0], block[1], block[2], "block of a dead thread, freed on the main thread");
                allocator.free(block[0]);
            }
            allocator.purge(); // reaps the dead threads' caches too
            long allocated = allocator.stats().allocated();
            long end = ProcessFootprint.read().rss();
            System.out.printf("start %d peak %d held %d end %d allocated %d%n", start, peak, held, end, allocated);
        }
    }

    /** {@link #THREADS} threads, {@link #AT_ONCE} at a time; their blocks as {@code {address, usable, seed}}. */
    private static List<long[]> churn(Allocator allocator, long round) {
        ConcurrentLinkedQueue<long[]> blocks = new ConcurrentLinkedQueue<>();
        for (int first = 0; first < THREADS; first += AT_ONCE) {
            List<Runnable> batch = new ArrayList<>();
            for (int t = first; t < Math.min(THREADS, first + AT_ONCE); t++) {
                long seed = round * THREADS + t;
                batch.add(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    for (int i = 0; i < BLOCKS_PER_THREAD; i++) {
                        long address = allocator.malloc(random.nextLong(16, 4097));
                        long usable = allocator.usableSize(address);
                        long cookie = seed * BLOCKS_PER_THREAD + i;
                        Cookies.write(address, usable, cookie);
                        blocks.add(new long[] {address, usable, cookie});
                    }
                });
            }
            TestThreads.runAll("churn", batch, 60);
        }
        return new ArrayList<>(blocks);
    }
}
