package org.jmalloc.stress.workload;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import org.jmalloc.stress.check.CheckedHeap;

/**
 * Inference-style bursts: in each burst a thread allocates {@code minBlocks..maxBlocks} tensors of
 * 16 to 256 KiB (activations, KV-cache pages) and one to {@code maxBuffers} scratch buffers of 4 to
 * 64 MiB (some page-aligned, some zeroed with {@code calloc}), frees the scratch buffers first
 * since they live for one step, then the tensors in random order, and goes quiet for 50 to 200 ms
 * before the next request. Large extents are created and dropped in quick succession and then
 * left alone, so the run stresses large-block paths, extent reuse and the decay that returns idle
 * pages to the OS.
 */
public final class BurstyTensor implements Workload {

    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    private final int minBlocks;
    private final int maxBlocks;
    private final int maxBuffers;

    /** 64 to 256 tensors and 1 to 3 scratch buffers per burst. */
    public BurstyTensor() {
        this(64, 256, 3);
    }

    public BurstyTensor(int minBlocks, int maxBlocks, int maxBuffers) {
        this.minBlocks = minBlocks;
        this.maxBlocks = maxBlocks;
        this.maxBuffers = maxBuffers;
    }

    @Override
    public String name() {
        return "bursty-tensor";
    }

    @Override
    public String summary() {
        return "bursts of 16-256 KiB tensors plus 4-64 MiB short-lived buffers, then quiet";
    }

    @Override
    public void run(WorkloadContext ctx) throws InterruptedException {
        CheckedHeap heap = ctx.heap();
        LongAdder bursts = new LongAdder();
        ctx.runWorkers(ctx.threads(), "request", (index, r) -> {
            BlockList tensors = new BlockList(maxBlocks);
            BlockList buffers = new BlockList(maxBuffers);
            while (!ctx.stopping()) {
                int count = minBlocks + r.nextInt(maxBlocks - minBlocks + 1);
                for (int i = 0; i < count; i++) {
                    long size = Sizes.uniform(r, 16 * KIB, 256 * KIB);
                    tensors.add(heap.malloc(size), size);
                }
                int big = 1 + r.nextInt(maxBuffers);
                for (int i = 0; i < big; i++) {
                    long size = Sizes.logUniform(r, 4 * MIB, 64 * MIB);
                    buffers.add(scratch(heap, r, size), size);
                }
                buffers.freeAll(heap, r);
                while (!tensors.isEmpty()) {
                    tensors.free(heap, r.nextInt(tensors.size()), r);
                }
                bursts.increment();
                ctx.pause(50 + r.nextInt(151));
            }
        });
        ctx.note("bursts", bursts.sum());
    }

    /** A scratch buffer: page-aligned, zeroed or plain, a third each. */
    private static long scratch(CheckedHeap heap, SplittableRandom r, long size) {
        return switch (r.nextInt(3)) {
            case 0 -> heap.alignedAlloc(4096, size);
            case 1 -> heap.calloc(1, size);
            default -> heap.malloc(size);
        };
    }
}
