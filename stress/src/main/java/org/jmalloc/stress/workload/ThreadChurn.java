package org.jmalloc.stress.workload;

import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jmalloc.stress.check.CheckedHeap;

/**
 * Thousands of short-lived threads, as a thread-per-request server or a careless executor makes
 * them: waves of {@code threads} threads, each freeing the survivors an earlier thread left
 * behind, allocating {@code minBlocks..maxBlocks} blocks of 16 bytes to 4 KiB, freeing most of
 * them and leaving {@code survivors} alive for a later thread to free. Threads end without
 * flushing their thread caches, so the allocator must reclaim the caches of dead threads (and
 * {@code purge()} must flush them before the final {@code allocated == 0} check), and arena
 * binding is exercised once per thread.
 */
public final class ThreadChurn implements Workload {

    private final int minBlocks;
    private final int maxBlocks;
    private final int survivors;

    /** 50 to 200 blocks per thread, 5 survivors each. */
    public ThreadChurn() {
        this(50, 200, 5);
    }

    public ThreadChurn(int minBlocks, int maxBlocks, int survivors) {
        this.minBlocks = minBlocks;
        this.maxBlocks = maxBlocks;
        this.survivors = survivors;
    }

    @Override
    public String name() {
        return "thread-churn";
    }

    @Override
    public String summary() {
        return "thousands of short threads, each leaving surviving blocks and a warm cache behind";
    }

    @Override
    public void run(WorkloadContext ctx) throws InterruptedException {
        CheckedHeap heap = ctx.heap();
        ConcurrentLinkedQueue<BlockList> pool = new ConcurrentLinkedQueue<>();
        long wave = 0;
        while (!ctx.stopping()) {
            Thread[] threads = new Thread[ctx.threads()];
            for (int t = 0; t < threads.length; t++) {
                threads[t] = ctx.start("w" + wave + "-" + t, false, wave * 1_000 + t, t, (index, r) -> {
                    BlockList inherited = pool.poll();
                    if (inherited != null) {
                        inherited.freeAll(heap, r);
                    }
                    BlockList mine = new BlockList(maxBlocks);
                    int count = minBlocks + r.nextInt(maxBlocks - minBlocks + 1);
                    for (int i = 0; i < count; i++) {
                        long size = Sizes.logUniform(r, 16, 4096);
                        mine.add(heap.malloc(size), size);
                    }
                    while (mine.size() > survivors) {
                        mine.free(heap, r.nextInt(mine.size()), r);
                    }
                    pool.add(mine);
                });
            }
            for (Thread t : threads) {
                ctx.join(t);
            }
            wave++;
        }
        SplittableRandom r = ctx.random(-1);
        for (BlockList left; (left = pool.poll()) != null; ) {
            left.freeAll(heap, r);
        }
        ctx.note("waves", wave);
    }
}
