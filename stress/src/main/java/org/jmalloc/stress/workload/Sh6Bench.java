package org.jmalloc.stress.workload;

import java.util.SplittableRandom;
import org.jmalloc.stress.check.CheckedHeap;

/**
 * MicroQuill's sh6bench: each thread allocates a run of {@code batch} blocks whose sizes climb
 * from {@code minSize} to {@code maxSize} in steps, frees the newest half in reverse order
 * (LIFO), allocates the half again with other sizes, then frees the whole run in allocation
 * order (FIFO). Every thread works alone; the pattern tests how fast and how tightly an allocator
 * reuses what was just freed in both orders.
 */
public final class Sh6Bench implements Workload {

    private final long minSize;
    private final long maxSize;
    private final int batch;

    /** Runs of 500 blocks from 1 to 1000 bytes. */
    public Sh6Bench() {
        this(1, 1000, 500);
    }

    public Sh6Bench(long minSize, long maxSize, int batch) {
        this.minSize = minSize;
        this.maxSize = maxSize;
        this.batch = batch;
    }

    @Override
    public String name() {
        return "sh6bench";
    }

    @Override
    public String summary() {
        return "runs of climbing sizes freed LIFO then FIFO, one heap per thread";
    }

    @Override
    public void run(WorkloadContext ctx) throws InterruptedException {
        ctx.runWorkers(ctx.threads(), "worker", (index, r) -> {
            BlockList run = new BlockList(batch);
            long step = 1 + (maxSize - minSize) / batch;
            while (!ctx.stopping()) {
                allocateRun(ctx.heap(), run, batch, r.nextLong(maxSize - minSize + 1), step);
                freeNewest(ctx.heap(), run, run.size() / 2, r);
                allocateRun(ctx.heap(), run, batch / 2, r.nextLong(maxSize - minSize + 1), step * 3);
                freeOldestFirst(ctx.heap(), run, r);
            }
        });
    }

    /** Appends {@code count} blocks whose sizes climb by {@code step}, wrapping in the size range. */
    void allocateRun(CheckedHeap heap, BlockList run, int count, long start, long step) {
        long range = maxSize - minSize + 1;
        for (int i = 0; i < count; i++) {
            long size = minSize + Math.floorMod(start + i * step, range);
            run.add(heap.malloc(size), size);
        }
    }

    /** Frees the last {@code count} blocks, newest first (LIFO). */
    static void freeNewest(CheckedHeap heap, BlockList run, int count, SplittableRandom r) {
        for (int i = 0; i < count && !run.isEmpty(); i++) {
            int last = run.size() - 1;
            BlockList.freeBlock(heap, run.address(last), run.bytes(last), r);
            run.removeLast();
        }
    }

    /** Frees every block in allocation order (FIFO) and empties the list. */
    static void freeOldestFirst(CheckedHeap heap, BlockList run, SplittableRandom r) {
        for (int i = 0; i < run.size(); i++) {
            BlockList.freeBlock(heap, run.address(i), run.bytes(i), r);
        }
        while (!run.isEmpty()) {
            run.removeLast();
        }
    }

    long minSize() {
        return minSize;
    }

    long maxSize() {
        return maxSize;
    }
}
