package org.jmalloc.stress.workload;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jmalloc.stress.check.CheckedHeap;

/**
 * Larson and Krishnan's server simulation: each of {@code threads} "connections" owns a table of
 * {@code slots} blocks of {@code minSize..maxSize} bytes that the main thread fills first; a
 * worker repeatedly frees a random slot and allocates a fresh block into it, and after
 * {@code rounds} replacements it ends and a new thread takes over the same table, as a server
 * hands a connection's state from one short-lived thread to the next. Nearly every free of a
 * block made by an earlier thread is therefore a remote free, and every thread dies with a warm
 * thread cache the allocator must reclaim.
 */
public final class Larson implements Workload {

    private final long minSize;
    private final long maxSize;
    private final int slots;
    private final int rounds;

    /** The classic parameters: 10 to 1000 bytes, 1000 slots, 10,000 replacements per thread. */
    public Larson() {
        this(10, 1000, 1000, 10_000);
    }

    public Larson(long minSize, long maxSize, int slots, int rounds) {
        this.minSize = minSize;
        this.maxSize = maxSize;
        this.slots = slots;
        this.rounds = rounds;
    }

    @Override
    public String name() {
        return "larson";
    }

    @Override
    public String summary() {
        return "server simulation: threads replace random blocks, tables pass to successor threads";
    }

    @Override
    public void run(WorkloadContext ctx) throws InterruptedException {
        CheckedHeap heap = ctx.heap();
        int n = ctx.threads();
        BlockList[] tables = new BlockList[n];
        SplittableRandom main = ctx.random(-1);
        for (int t = 0; t < n; t++) {
            tables[t] = new BlockList(slots);
            for (int s = 0; s < slots; s++) {
                long size = Sizes.uniform(main, minSize, maxSize);
                tables[t].add(heap.malloc(size), size);
            }
        }
        AtomicLong generations = new AtomicLong();
        AtomicLong streams = new AtomicLong(1_000);
        ctx.runWorkers(n, "connection", (index, random) -> {
            BlockList table = tables[index];
            while (!ctx.stopping()) {
                Thread generation = ctx.start("connection-" + index + "-gen-" + generations.incrementAndGet(),
                        false, streams.incrementAndGet(), index, (i, r) -> replace(ctx, table, r));
                ctx.join(generation);
            }
        });
        ctx.note("thread generations", generations.get());
        for (BlockList table : tables) {
            table.freeAll(heap, main);
        }
    }

    private void replace(WorkloadContext ctx, BlockList table, SplittableRandom r) {
        CheckedHeap heap = ctx.heap();
        for (int k = 0; k < rounds && !ctx.stopping() && !table.isEmpty(); k++) {
            int victim = r.nextInt(table.size());
            long size = Sizes.uniform(r, minSize, maxSize);
            BlockList.freeBlock(heap, table.address(victim), table.bytes(victim), r);
            long a = heap.malloc(size);
            if (a != 0) {
                table.set(victim, a, size);
            } else {
                table.removeSwap(victim);
            }
        }
        if (table.size() < slots && !ctx.stopping()) {
            long size = Sizes.uniform(r, minSize, maxSize);
            table.add(heap.malloc(size), size); // refill slots lost to out-of-memory answers
        }
    }
}
