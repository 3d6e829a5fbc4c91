package org.jmalloc.stress.workload;

import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jmalloc.stress.check.CheckedHeap;

/**
 * MicroQuill's sh8bench: sh6bench's climbing runs with cross-thread frees. Threads form a ring;
 * each allocates a run of {@code batch} blocks, frees a quarter of it itself newest first (LIFO),
 * and hands the rest to the next thread in the ring, which frees them in reverse order of
 * allocation. Half of all frees are therefore remote and arrive in bulk, which stresses the path
 * that returns blocks to an arena owned by another thread.
 */
public final class Sh8Bench implements Workload {

    private final Sh6Bench runs;
    private final int batch;

    /** Runs of 500 blocks from 1 to 1000 bytes. */
    public Sh8Bench() {
        this(1, 1000, 500);
    }

    public Sh8Bench(long minSize, long maxSize, int batch) {
        this.runs = new Sh6Bench(minSize, maxSize, batch);
        this.batch = batch;
    }

    @Override
    public String name() {
        return "sh8bench";
    }

    @Override
    public String summary() {
        return "sh6bench runs handed around a ring of threads and freed in reverse by the next one";
    }

    @Override
    public int minThreads() {
        return 2;
    }

    @Override
    public void run(WorkloadContext ctx) throws InterruptedException {
        CheckedHeap heap = ctx.heap();
        int n = ctx.threads();
        @SuppressWarnings("unchecked")
        ArrayBlockingQueue<BlockList>[] mailboxes = new ArrayBlockingQueue[n];
        for (int i = 0; i < n; i++) {
            mailboxes[i] = new ArrayBlockingQueue<>(8);
        }
        long range = runs.maxSize() - runs.minSize() + 1;
        long step = 1 + range / batch;
        ctx.runWorkers(n, "ring", (index, r) -> {
            ArrayBlockingQueue<BlockList> next = mailboxes[(index + 1) % n];
            ArrayBlockingQueue<BlockList> mine = mailboxes[index];
            while (!ctx.stopping()) {
                BlockList run = new BlockList(batch);
                runs.allocateRun(heap, run, batch, r.nextLong(range), step);
                Sh6Bench.freeNewest(heap, run, batch / 4, r);
                if (!next.offer(run, 10, TimeUnit.MILLISECONDS)) {
                    Sh6Bench.freeOldestFirst(heap, run, r); // the ring is backed up: free our own
                }
                for (BlockList received; (received = mine.poll()) != null; ) {
                    Sh6Bench.freeNewest(heap, received, received.size(), r);
                }
            }
        });
        SplittableRandom r = ctx.random(-1);
        for (ArrayBlockingQueue<BlockList> mailbox : mailboxes) {
            for (BlockList left; (left = mailbox.poll()) != null; ) {
                left.freeAll(heap, r);
            }
        }
    }
}
