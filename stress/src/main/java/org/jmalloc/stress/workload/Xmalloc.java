package org.jmalloc.stress.workload;

import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jmalloc.stress.check.CheckedHeap;

/**
 * Lever and Boreham's xmalloc test: pure producers and pure consumers. Half the threads only
 * allocate, in batches of {@code batch} blocks of mostly small sizes up to {@code maxSize}, and
 * pass each batch through a bounded queue; the other half only free what they receive. Every
 * free is remote and every block travels between threads, so freed memory piles up in arenas
 * (and caches) that no longer allocate from it: the pattern that makes allocators with purely
 * thread-local heaps blow up.
 */
public final class Xmalloc implements Workload {

    private final long maxSize;
    private final int batch;
    private final int queueCapacity;

    /** Blocks up to 4 KiB (most under 128 bytes), batches of 64, 256 batches in flight. */
    public Xmalloc() {
        this(4096, 64, 256);
    }

    public Xmalloc(long maxSize, int batch, int queueCapacity) {
        this.maxSize = maxSize;
        this.batch = batch;
        this.queueCapacity = queueCapacity;
    }

    @Override
    public String name() {
        return "xmalloc";
    }

    @Override
    public String summary() {
        return "pure producers hand every block to pure consumers through a queue";
    }

    @Override
    public int minThreads() {
        return 2;
    }

    @Override
    public void run(WorkloadContext ctx) throws InterruptedException {
        CheckedHeap heap = ctx.heap();
        int producers = Math.max(1, ctx.threads() / 2);
        int consumers = Math.max(1, ctx.threads() - producers);
        ArrayBlockingQueue<BlockList> queue = new ArrayBlockingQueue<>(queueCapacity);
        ctx.runWorkers(producers + consumers, "worker", (index, random) -> {
            if (index < producers) {
                produce(ctx, queue, random);
            } else {
                consume(ctx, queue, random);
            }
        });
        SplittableRandom r = ctx.random(-1);
        for (BlockList left; (left = queue.poll()) != null; ) {
            left.freeAll(heap, r);
        }
        ctx.note("producers", producers);
        ctx.note("consumers", consumers);
    }

    private void produce(WorkloadContext ctx, ArrayBlockingQueue<BlockList> queue, SplittableRandom r)
            throws InterruptedException {
        CheckedHeap heap = ctx.heap();
        while (!ctx.stopping()) {
            BlockList blocks = new BlockList(batch);
            for (int i = 0; i < batch; i++) {
                long size = r.nextInt(5) == 0 ? Sizes.logUniform(r, 129, maxSize) : Sizes.uniform(r, 1, 128);
                blocks.add(heap.malloc(size), size);
            }
            while (!queue.offer(blocks, 20, TimeUnit.MILLISECONDS)) {
                if (ctx.stopping()) {
                    blocks.freeAll(heap, r); // nobody will take it: the producer frees its own batch
                    return;
                }
            }
        }
    }

    private static void consume(WorkloadContext ctx, ArrayBlockingQueue<BlockList> queue, SplittableRandom r)
            throws InterruptedException {
        CheckedHeap heap = ctx.heap();
        while (!ctx.stopping()) {
            BlockList blocks = queue.poll(20, TimeUnit.MILLISECONDS);
            if (blocks != null) {
                // Free in a random order, as consumers finish work items out of order.
                while (!blocks.isEmpty()) {
                    blocks.free(heap, r.nextInt(blocks.size()), r);
                }
            }
        }
    }
}
