package org.jmalloc.benchmarks.throughput;

import java.util.concurrent.TimeUnit;
import org.jmalloc.benchmarks.ImplBenchmark;
import org.jmalloc.benchmarks.impl.MemoryImpl;
import org.jmalloc.benchmarks.workload.SeededInputs;
import org.jmalloc.benchmarks.workload.SpscSlotRing;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * A two-thread server pattern after Larson and Krishnan's benchmark: each thread keeps {@value #BLOCKS} live blocks
 * and, per operation, replaces a random one with a block of a new random size (16 B to 4 KiB, skewed small). One
 * replacement in {@value #HANDOFF_ONE_IN} hands the old block to the other thread instead of freeing it (as a server
 * passes a request buffer to another worker), and each operation frees at most one block received from the other
 * thread. Reported as the throughput of both threads together.
 *
 * <p>Layout of the shared implementation's slots, for thread {@code t} in {0, 1}:
 * <pre>
 *   [t * REGION, t * REGION + BLOCKS)                    thread t's live blocks
 *   [t * REGION + BLOCKS, t * REGION + BLOCKS + MAILBOX)  mailbox of blocks handed to thread t
 * </pre>
 * Each mailbox is an {@link SpscSlotRing}: the other thread produces into it, thread {@code t} consumes. A full
 * mailbox makes the sender free the block itself, so no thread ever waits.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(LarsonServerThroughputBenchmark.THREADS)
public class LarsonServerThroughputBenchmark extends ImplBenchmark {

    static final int THREADS = 2;
    static final int BLOCKS = 4096;
    static final int MAILBOX = 256;
    static final int REGION = BLOCKS + MAILBOX;
    static final int HANDOFF_ONE_IN = 16;
    static final int SEQUENCE = 1 << 16;
    static final long MIN_SIZE = 16;
    static final long MAX_SIZE = 4096;

    MemoryImpl memory;
    /** Size of the block in every slot of {@link #memory}. */
    long[] slotSizes;
    /** {@code mailboxes[t]} carries blocks to thread {@code t}. */
    SpscSlotRing[] mailboxes;

    @Setup(Level.Trial)
    public void setUp() {
        memory = open(THREADS * REGION);
        slotSizes = new long[THREADS * REGION];
        mailboxes = new SpscSlotRing[THREADS];
        for (int t = 0; t < THREADS; t++) {
            mailboxes[t] = new SpscSlotRing(MAILBOX);
        }
    }

    /** Frees the blocks still in the mailboxes; runs after both threads have left the iteration. */
    @TearDown(Level.Iteration)
    public void drainMailboxes() {
        for (int t = 0; t < THREADS; t++) {
            SpscSlotRing mailbox = mailboxes[t];
            int base = t * REGION + BLOCKS;
            for (int index = mailbox.peek(); index >= 0; index = mailbox.peek()) {
                memory.free(base + index, slotSizes[base + index]);
                mailbox.release();
            }
        }
    }

    /** One worker thread's inputs and position; it allocates its live blocks in its own setup. */
    @State(Scope.Thread)
    public static class Worker {
        int base;
        SpscSlotRing inbox;
        int inboxBase;
        SpscSlotRing outbox;
        int outboxBase;
        int[] victims;
        long[] newSizes;
        boolean[] handoffs;
        int step;

        @Setup(Level.Trial)
        public void setUp(LarsonServerThroughputBenchmark shared, ThreadParams thread) {
            int t = thread.getThreadIndex();
            if (t >= THREADS) {
                throw new IllegalStateException("this benchmark is written for " + THREADS + " threads; run it"
                        + " without -t (it has @Threads(" + THREADS + "))");
            }
            int other = 1 - t;
            base = t * REGION;
            inbox = shared.mailboxes[t];
            inboxBase = t * REGION + BLOCKS;
            outbox = shared.mailboxes[other];
            outboxBase = other * REGION + BLOCKS;
            SeededInputs inputs = new SeededInputs(SeededInputs.SEED + t);
            long[] initial = inputs.skewedSizes(BLOCKS, MIN_SIZE, MAX_SIZE);
            victims = inputs.indices(SEQUENCE, BLOCKS);
            newSizes = inputs.skewedSizes(SEQUENCE, MIN_SIZE, MAX_SIZE);
            handoffs = inputs.flags(SEQUENCE, HANDOFF_ONE_IN);
            for (int i = 0; i < BLOCKS; i++) {
                shared.memory.allocate(base + i, initial[i]);
                shared.slotSizes[base + i] = initial[i];
            }
        }
    }

    @Benchmark
    public void replaceRandomBlock(Worker worker) {
        final MemoryImpl memory = this.memory;
        final long[] slotSizes = this.slotSizes;
        final int i = worker.step;
        worker.step = (i + 1) & (SEQUENCE - 1);
        final int slot = worker.base + worker.victims[i];

        int mail;
        if (worker.handoffs[i] && (mail = worker.outbox.claim()) >= 0) {
            int target = worker.outboxBase + mail;
            memory.move(slot, target);
            slotSizes[target] = slotSizes[slot];
            worker.outbox.publish();
        } else {
            memory.free(slot, slotSizes[slot]);
        }
        final long size = worker.newSizes[i];
        memory.allocate(slot, size);
        slotSizes[slot] = size;

        if ((mail = worker.inbox.peek()) >= 0) {
            int received = worker.inboxBase + mail;
            memory.free(received, slotSizes[received]);
            worker.inbox.release();
        }
    }
}
