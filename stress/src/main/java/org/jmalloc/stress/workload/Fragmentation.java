package org.jmalloc.stress.workload;

import java.util.concurrent.atomic.AtomicLong;
import org.jmalloc.allocator.Stats;
import org.jmalloc.stress.check.CheckedHeap;

/**
 * The fragmentation pattern: each thread fills {@code fillBytes} with small blocks (16 to 512
 * bytes), frees a random 90 % of them, leaving survivors scattered over every slab, then refills
 * to {@code fillBytes} with blocks of another size range (512 bytes to 8 KiB) that cannot reuse
 * the holes, and finally frees everything; cycle after cycle. An allocator that cannot reuse
 * partly empty slabs, or that never returns emptied pages, shows it as growing {@code active}
 * bytes per live byte. The worst ratio of {@code active} to {@code allocated} right after a
 * 90 % free is reported as {@code worst active/allocated %}.
 */
public final class Fragmentation implements Workload {

    private final long fillBytes;

    /** 32 MiB per thread. */
    public Fragmentation() {
        this(32L << 20);
    }

    public Fragmentation(long fillBytes) {
        this.fillBytes = fillBytes;
    }

    @Override
    public String name() {
        return "fragmentation";
    }

    @Override
    public String summary() {
        return "fill with small blocks, free a random 90 %, refill with larger ones";
    }

    @Override
    public void run(WorkloadContext ctx) throws InterruptedException {
        CheckedHeap heap = ctx.heap();
        AtomicLong worstPercent = new AtomicLong();
        AtomicLong cycles = new AtomicLong();
        ctx.runWorkers(ctx.threads(), "worker", (index, r) -> {
            BlockList blocks = new BlockList(1 << 16);
            while (!ctx.stopping()) {
                long live = fill(ctx, blocks, 0, 16, 512, r);
                for (int i = blocks.size() - 1; i >= 0 && !ctx.stopping(); i--) {
                    if (r.nextInt(10) != 0) {
                        live -= blocks.bytes(i);
                        blocks.free(heap, i, r);
                    }
                }
                Stats s = ctx.allocator().stats();
                if (s.allocated() > 0) {
                    worstPercent.accumulateAndGet(100 * s.active() / s.allocated(), Math::max);
                }
                fill(ctx, blocks, live, 512, 8192, r);
                blocks.freeAll(heap, r);
                cycles.incrementAndGet();
            }
            blocks.freeAll(heap, r);
        });
        ctx.note("cycles", cycles.get());
        ctx.note("worst active/allocated %", worstPercent.get());
    }

    private long fill(WorkloadContext ctx, BlockList blocks, long live, long min, long max,
                      java.util.SplittableRandom r) {
        CheckedHeap heap = ctx.heap();
        int failures = 0;
        while (live < fillBytes && !ctx.stopping() && failures < 16) {
            long size = Sizes.logUniform(r, min, max);
            long a = heap.malloc(size);
            if (a == 0) {
                failures++; // out of memory (an injected fault): stop filling after a few in a row
                continue;
            }
            failures = 0;
            blocks.add(a, size);
            live += size;
        }
        return live;
    }
}
