package org.jmalloc.stress.workload;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import org.jmalloc.allocator.AllocatorBuilder;
import org.jmalloc.stress.check.CheckedHeap;
import org.jmalloc.stress.check.Violation;

/**
 * Memory-limit pressure: the allocator gets {@code Builder.maxBytes(limit)} and every thread
 * allocates a mix of small blocks (16 bytes to 4 KiB) and large ones (64 KiB to 4 MiB) until the
 * allocator answers {@code OutOfMemoryError}; then it frees a random half of what it holds (or
 * everything, one time in four) and carries on, so the limit is hit over and over. The limit
 * itself is checked on every {@code map} (the OS ledger). At the end, with everything freed, the
 * allocator must have recovered: a run of small blocks adding up to half the limit and one block
 * of an eighth of the limit must succeed, or the run reports {@code not recovered}.
 */
public final class MemoryLimit implements Workload {

    private static final long MIB = 1 << 20;

    private final long limit;

    /** A 64 MiB limit. */
    public MemoryLimit() {
        this(64 * MIB);
    }

    public MemoryLimit(long limit) {
        this.limit = limit;
    }

    @Override
    public String name() {
        return "memory-limit";
    }

    @Override
    public String summary() {
        return "hit Builder.maxBytes over and over, free, recover";
    }

    @Override
    public void configure(AllocatorBuilder builder, int threads) {
        builder.maxBytes(limit);
    }

    @Override
    public void run(WorkloadContext ctx) throws InterruptedException {
        CheckedHeap heap = ctx.heap();
        LongAdder limitHits = new LongAdder();
        ctx.runWorkers(ctx.threads(), "worker", (index, r) -> {
            BlockList mine = new BlockList(1024);
            while (!ctx.stopping()) {
                long size = r.nextInt(10) < 7 ? Sizes.logUniform(r, 16, 4096) : Sizes.logUniform(r, 64 * 1024, 4 * MIB);
                long a = heap.malloc(size);
                if (a != 0) {
                    mine.add(a, size);
                    continue;
                }
                limitHits.increment();
                if (r.nextInt(4) == 0) {
                    mine.freeAll(heap, r);
                } else {
                    for (int i = mine.size() - 1; i >= 0; i--) {
                        if (r.nextBoolean()) {
                            mine.free(heap, i, r);
                        }
                    }
                }
            }
            mine.freeAll(heap, r);
        });
        ctx.note("limit bytes", limit);
        ctx.note("limit hits", limitHits.sum());
        ctx.withoutInjectedFaults(() -> checkRecovery(ctx, ctx.random(-1)));
    }

    /** With nothing live, small blocks worth half the limit and one block of an eighth must fit. */
    private void checkRecovery(WorkloadContext ctx, SplittableRandom r) {
        CheckedHeap heap = ctx.heap();
        if (ctx.aborted() || heap.liveBlocks() != 0) {
            return;
        }
        BlockList blocks = new BlockList(1024);
        long total = 0;
        boolean failed = false;
        while (total < limit / 2 && !failed) {
            long size = Sizes.uniform(r, 1024, 4096);
            long a = mallocRetrying(heap, size);
            blocks.add(a, size);
            total += size;
            failed = a == 0;
        }
        if (failed) {
            ctx.log().report(Violation.Kind.NOT_RECOVERED, String.format(
                    "with every block freed, small blocks stopped fitting after %d of %d bytes (limit %d)",
                    total, limit / 2, limit));
        }
        blocks.freeAll(heap, r);
        long big = limit / 8;
        long a = mallocRetrying(heap, big);
        if (a == 0) {
            ctx.log().report(Violation.Kind.NOT_RECOVERED, String.format(
                    "with every block freed, malloc(%d) (an eighth of the limit %d) still ran out of memory",
                    big, limit));
        } else {
            heap.free(a, big);
        }
    }

    /**
     * Up to three tries. Injected faults are off during the recovery check, so a failure here is
     * the allocator's; the retries only absorb a refusal by the real OS.
     */
    private static long mallocRetrying(CheckedHeap heap, long size) {
        for (int attempt = 0; attempt < 3; attempt++) {
            long a = heap.malloc(size);
            if (a != 0) {
                return a;
            }
        }
        return 0;
    }
}
