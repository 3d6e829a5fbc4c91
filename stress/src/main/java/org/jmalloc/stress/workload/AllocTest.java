package org.jmalloc.stress.workload;

import org.jmalloc.stress.check.CheckedHeap;

/**
 * The alloc-test of rpmalloc's benchmark suite: each thread keeps a working set of
 * {@code workingSet} blocks whose sizes follow a Pareto distribution (scale 8 bytes, shape 1.1,
 * cut at {@code maxSize} = 1 KiB: most requests are tens of bytes, a thin tail reaches the cap)
 * and replaces random members of it, with one request in sixteen a {@code calloc}; every
 * {@code workingSet} replacements it frees a random tenth at once and refills it. This is the
 * small-object churn of an object-heavy program, the allocator's fast path under a realistic
 * size mix.
 */
public final class AllocTest implements Workload {

    private final long maxSize;
    private final int workingSet;

    /** Sizes up to 1 KiB, 2000 blocks per thread. */
    public AllocTest() {
        this(1024, 2000);
    }

    public AllocTest(long maxSize, int workingSet) {
        this.maxSize = maxSize;
        this.workingSet = workingSet;
    }

    @Override
    public String name() {
        return "alloc-test";
    }

    @Override
    public String summary() {
        return "Pareto-sized small blocks (up to 1 KiB) replaced at random in a working set";
    }

    @Override
    public void run(WorkloadContext ctx) throws InterruptedException {
        CheckedHeap heap = ctx.heap();
        ctx.runWorkers(ctx.threads(), "worker", (index, r) -> {
            BlockList set = new BlockList(workingSet);
            long replaced = 0;
            while (!ctx.stopping()) {
                if (set.size() < workingSet) {
                    long size = Sizes.pareto(r, 8, 1.1, maxSize);
                    set.add(r.nextInt(16) == 0 ? heap.calloc(1, size) : heap.malloc(size), size);
                    continue;
                }
                set.free(heap, r.nextInt(set.size()), r);
                if (++replaced % workingSet == 0) {
                    for (int k = 0; k < workingSet / 10 && !set.isEmpty(); k++) {
                        set.free(heap, r.nextInt(set.size()), r);
                    }
                }
            }
            set.freeAll(heap, r);
        });
    }
}
