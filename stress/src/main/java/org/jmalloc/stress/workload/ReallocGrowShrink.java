package org.jmalloc.stress.workload;

import org.jmalloc.stress.check.CheckedHeap;

/**
 * Buffers that grow and shrink with {@code realloc}, as string builders, vectors and network
 * buffers do: each thread keeps {@code buffers} blocks and repeatedly picks one to grow by 25 to
 * 100 % (up to {@code maxSize}), shrink to a half to nine tenths, or replace. Sizes wander across
 * every size class and the small/large boundary, so realloc takes its in-place, same-class and
 * moving paths; every realloc checks that the bytes kept are the bytes that were there.
 */
public final class ReallocGrowShrink implements Workload {

    private final long maxSize;
    private final int buffers;
    private final long threadBudget;

    /** 64 buffers per thread of up to 4 MiB, at most 64 MiB live per thread. */
    public ReallocGrowShrink() {
        this(4L << 20, 64, 64L << 20);
    }

    public ReallocGrowShrink(long maxSize, int buffers, long threadBudget) {
        this.maxSize = maxSize;
        this.buffers = buffers;
        this.threadBudget = threadBudget;
    }

    @Override
    public String name() {
        return "realloc";
    }

    @Override
    public String summary() {
        return "buffers grown and shrunk with realloc across every size class, contents checked";
    }

    @Override
    public void run(WorkloadContext ctx) throws InterruptedException {
        CheckedHeap heap = ctx.heap();
        ctx.runWorkers(ctx.threads(), "worker", (index, r) -> {
            BlockList set = new BlockList(buffers);
            long live = 0;
            while (!ctx.stopping()) {
                if (set.size() < buffers) {
                    long size = Sizes.uniform(r, 1, 256);
                    // realloc(0, n) is malloc(n); use both spellings.
                    long a = r.nextBoolean() ? heap.realloc(0, 0, size) : heap.malloc(size);
                    set.add(a, size);
                    live += a == 0 ? 0 : size;
                    continue;
                }
                int i = r.nextInt(set.size());
                long old = set.bytes(i);
                int action = r.nextInt(8);
                long size;
                if (action < 4 && live < threadBudget) {
                    size = Math.min(maxSize, old + Math.max(1, (long) (old * (0.25 + 0.75 * r.nextDouble()))));
                } else if (action < 7) {
                    size = Math.max(1, (long) (old * (0.5 + 0.4 * r.nextDouble())));
                } else {
                    live -= old;
                    set.free(heap, i, r);
                    continue;
                }
                long a = heap.realloc(set.address(i), old, size);
                if (a != 0) {
                    set.set(i, a, size);
                    live += size - old;
                }
            }
            set.freeAll(heap, r);
        });
    }
}
