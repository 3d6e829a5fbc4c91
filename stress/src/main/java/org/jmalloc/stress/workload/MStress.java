package org.jmalloc.stress.workload;

import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jmalloc.stress.check.CheckedHeap;

/**
 * mimalloc's mstress: rounds of {@code threads} short-lived threads allocating power-of-two
 * sizes ({@code 2^4..2^maxShift} bytes, one in a thousand up to {@code 2^bigShift}), freeing at
 * random, and swapping blocks with other threads through a shared transfer array, so blocks are
 * freed by threads that did not allocate them. When a thread ends, a quarter of its blocks
 * survive it: the next round's threads free the survivors of the previous one. Threads end
 * without flushing their caches, so the allocator's dead-thread handling is exercised every round.
 */
public final class MStress implements Workload {

    private final int maxShift;
    private final int bigShift;
    private final int steps;
    private final int transferSlots;

    /** Sizes 16 B to 64 KiB with rare ones to 4 MiB, 20,000 steps per thread, 1000 transfer slots. */
    public MStress() {
        this(16, 22, 20_000, 1000);
    }

    public MStress(int maxShift, int bigShift, int steps, int transferSlots) {
        this.maxShift = maxShift;
        this.bigShift = bigShift;
        this.steps = steps;
        this.transferSlots = transferSlots;
    }

    @Override
    public String name() {
        return "mstress";
    }

    @Override
    public String summary() {
        return "power-of-two sizes, blocks swapped between threads, thread rounds with survivors";
    }

    @Override
    public void run(WorkloadContext ctx) throws InterruptedException {
        CheckedHeap heap = ctx.heap();
        // Each slot holds an address and its size (address 0 when empty). A per-slot lock swaps
        // both together, so a block and its size always move as one; the final sweep runs after
        // every thread was joined, which orders it after their last swap.
        long[] transferAddress = new long[transferSlots];
        long[] transferSize = new long[transferSlots];
        Object[] slotLocks = new Object[transferSlots];
        for (int i = 0; i < transferSlots; i++) {
            slotLocks[i] = new Object();
        }
        ConcurrentLinkedQueue<BlockList> survivors = new ConcurrentLinkedQueue<>();
        long round = 0;
        while (!ctx.stopping()) {
            long r0 = round++;
            Thread[] threads = new Thread[ctx.threads()];
            for (int t = 0; t < threads.length; t++) {
                threads[t] = ctx.start("round-" + r0 + "-" + t, false, r0 * 1_000 + t, t, (index, r) -> {
                    BlockList inherited = survivors.poll();
                    if (inherited != null) {
                        inherited.freeAll(heap, r);
                    }
                    BlockList local = new BlockList(256);
                    for (int s = 0; s < steps && !ctx.stopping(); s++) {
                        int action = r.nextInt(16);
                        if (action < 8 || local.isEmpty()) {
                            long size = r.nextInt(1000) == 0
                                    ? Sizes.powerOfTwo(r, maxShift + 1, bigShift)
                                    : Sizes.powerOfTwo(r, 4, 4 + r.nextInt(maxShift - 3));
                            local.add(heap.malloc(size), size);
                        } else if (action < 15) {
                            local.free(heap, r.nextInt(local.size()), r);
                        } else {
                            int i = r.nextInt(local.size());
                            int slot = r.nextInt(transferSlots);
                            synchronized (slotLocks[slot]) {
                                long theirs = transferAddress[slot];
                                long theirSize = transferSize[slot];
                                transferSize[slot] = local.bytes(i);
                                transferAddress[slot] = local.address(i);
                                if (theirs != 0) {
                                    local.set(i, theirs, theirSize);
                                } else {
                                    local.removeSwap(i);
                                }
                            }
                        }
                    }
                    BlockList keep = new BlockList(local.size() / 4 + 1);
                    while (!local.isEmpty()) {
                        int last = local.size() - 1;
                        if (r.nextInt(4) == 0) {
                            keep.add(local.address(last), local.bytes(last));
                            local.removeLast();
                        } else {
                            local.free(heap, last, r);
                        }
                    }
                    survivors.add(keep);
                });
            }
            for (Thread t : threads) {
                ctx.join(t);
            }
        }
        ctx.note("rounds", round);
        SplittableRandom r = ctx.random(-1);
        for (BlockList left; (left = survivors.poll()) != null; ) {
            left.freeAll(heap, r);
        }
        for (int slot = 0; slot < transferSlots; slot++) {
            long a = transferAddress[slot];
            if (a != 0) {
                BlockList.freeBlock(heap, a, transferSize[slot], r);
            }
        }
    }
}
