package org.jmalloc.benchmarks.footprint;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jmalloc.allocator.os.ProcessFootprint;
import org.jmalloc.benchmarks.impl.AllocatorCounters;
import org.jmalloc.benchmarks.impl.MemoryImpl;
import org.jmalloc.benchmarks.workload.SeededInputs;
import org.jmalloc.benchmarks.workload.SpscSlotRing;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * Address-space reuse: two threads make {@value #OPS} random operations each on {@value #SLOTS} slots of their own.
 * An operation on an empty slot allocates (80 % 16 B–1 KiB, 18 % 1–65 KiB, 2 % 1–5 MiB, while at most
 * {@value #LIVE_CAP_MIB} MiB are live), on a full one frees, and half the frees hand the block to the other thread,
 * which frees it. Then every block is freed and the allocator purged. An allocator that reuses what was freed maps
 * little more than the peak of live bytes.
 *
 * <p>Figures:
 * <ul>
 *   <li>{@code footprint.peak_mapped_over_live}: the process's address-space growth at its peak (sampled every
 *       {@value #SAMPLE_EVERY} operations per thread from {@code /proc/self/statm}) over the peak of live bytes;
 *   <li>{@code footprint.mapped_after_purge}: the address-space growth after everything was freed and purged, MiB;
 *   <li>{@code stats.peak_mapped_over_live} and {@code stats.mapped_after_purge}: the same from the allocator's own
 *       "mapped" counter where it has one ({@link AllocatorCounters#mapped()}: pages it holds usable, not the address
 *       space it retains), sampled every {@value #STATS_EVERY} operations.
 * </ul>
 * Both phases run on fresh threads, after a rehearsal at 1 % of the operations (see {@link FootprintHarness}).
 */
public class AddressSpaceReuseFootprintBenchmark extends FootprintHarness {

    static final int THREADS = 2;
    static final int OPS = 400_000;
    static final int SLOTS = 4096;
    static final int MAILBOX = 1024;
    static final int REGION = SLOTS + MAILBOX;
    static final long LIVE_CAP_MIB = 300;
    static final int SAMPLE_EVERY = 256;
    static final int STATS_EVERY = 4096;

    final int ops = scaled(OPS);
    MemoryImpl memory;
    long[] slotSizes;
    SpscSlotRing[] mailboxes;
    /** Per thread: the slot of each operation and the size it allocates when the slot is empty. */
    int[][] slots;
    long[][] sizes;
    boolean[][] handoffs;

    final AtomicLong live = new AtomicLong();
    final AtomicLong peakLive = new AtomicLong();
    final AtomicLong peakSpace = new AtomicLong();
    final AtomicLong peakMapped = new AtomicLong();
    long baseSpace;

    /** The operation mix of the class comment. */
    static long size(SplittableRandom random) {
        int p = random.nextInt(100);
        if (p < 80) {
            return random.nextLong(16, KIB + 1);
        }
        if (p < 98) {
            return random.nextLong(KIB, 65 * KIB + 1);
        }
        return random.nextLong(MIB, 5 * MIB + 1);
    }

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        memory = open(THREADS * REGION);
        slotSizes = new long[THREADS * REGION];
        mailboxes = new SpscSlotRing[THREADS];
        slots = new int[THREADS][ops];
        sizes = new long[THREADS][ops];
        handoffs = new boolean[THREADS][];
        for (int t = 0; t < THREADS; t++) {
            mailboxes[t] = new SpscSlotRing(MAILBOX);
            SplittableRandom random = new SplittableRandom(SeededInputs.SEED + t);
            for (int i = 0; i < ops; i++) {
                slots[t][i] = random.nextInt(SLOTS);
                sizes[t][i] = size(random);
            }
            handoffs[t] = new SeededInputs(SeededInputs.SEED + 10 + t).flags(ops, 2);
        }
        run(Math.max(1, ops / 100));
        freeEverything();
        memory.purge();
        awaitCompilerQuiet();
        live.set(0);
        peakLive.set(0);
        peakMapped.set(0);
    }

    @Benchmark
    public long reuse() throws InterruptedException {
        ProcessFootprint before = probe();
        baseSpace = before.addressSpace();
        peakSpace.set(baseSpace);
        long counted = memory.counters().mapped();
        run(ops);
        freeEverything();
        memory.purge();
        long after = addressSpaceNow();
        report("footprint.peak_mapped_over_live", ratio(peakSpace.get() - baseSpace, peakLive.get()), "ratio");
        report("footprint.mapped_after_purge", (double) (after - baseSpace) / MIB, "MiB");
        report("footprint.peak_live", (double) peakLive.get() / MIB, "MiB");
        long mappedAfter = memory.counters().mapped();
        if (counted != AllocatorCounters.UNKNOWN && mappedAfter != AllocatorCounters.UNKNOWN) {
            report("stats.peak_mapped_over_live", ratio(peakMapped.get() - counted, peakLive.get()), "ratio");
            report("stats.mapped_after_purge", (double) (mappedAfter - counted) / MIB, "MiB");
        }
        return peakLive.get();
    }

    /** Runs the first {@code ops} operations on two fresh threads and waits for both. */
    private void run(int ops) throws InterruptedException {
        for (SpscSlotRing m : mailboxes) {
            if (m.peek() >= 0) {
                throw new IllegalStateException("a mailbox still holds blocks");
            }
        }
        Thread[] threads = new Thread[THREADS];
        Throwable[] failures = new Throwable[THREADS];
        for (int t = 0; t < THREADS; t++) {
            int index = t;
            threads[t] = Thread.ofPlatform().name("footprint-worker-" + t).unstarted(() -> {
                try {
                    work(index, ops);
                } catch (Throwable e) {
                    failures[index] = e;
                }
            });
        }
        for (Thread thread : threads) {
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        for (Throwable failure : failures) {
            if (failure != null) {
                throw new IllegalStateException("a worker failed", failure);
            }
        }
    }

    private void work(int t, int ops) {
        int base = t * REGION;
        SpscSlotRing inbox = mailboxes[t];
        int inboxBase = base + SLOTS;
        SpscSlotRing outbox = mailboxes[1 - t];
        int outboxBase = (1 - t) * REGION + SLOTS;
        long cap = LIVE_CAP_MIB * MIB;
        for (int i = 0; i < ops; i++) {
            int slot = base + slots[t][i];
            if (!memory.isLive(slot)) {
                long size = sizes[t][i];
                if (live.get() + size <= cap) {
                    memory.allocate(slot, size);
                    memory.write(slot, 0, (byte) 1);
                    slotSizes[slot] = size;
                    peakLive.accumulateAndGet(live.addAndGet(size), Math::max);
                }
            } else {
                int mail;
                if (handoffs[t][i] && (mail = outbox.claim()) >= 0) {
                    memory.move(slot, outboxBase + mail);
                    slotSizes[outboxBase + mail] = slotSizes[slot];
                    outbox.publish();
                } else {
                    memory.free(slot, slotSizes[slot]);
                    live.addAndGet(-slotSizes[slot]);
                }
            }
            int received = inbox.peek();
            if (received >= 0) {
                memory.free(inboxBase + received, slotSizes[inboxBase + received]);
                live.addAndGet(-slotSizes[inboxBase + received]);
                inbox.release();
            }
            if (i % SAMPLE_EVERY == 0) {
                peakSpace.accumulateAndGet(ProcessFootprint.addressSpaceNow(), Math::max);
            }
            if (i % STATS_EVERY == 0) {
                peakMapped.accumulateAndGet(memory.counters().mapped(), Math::max);
            }
        }
        for (int slot = base; slot < base + SLOTS; slot++) {
            if (memory.isLive(slot)) {
                memory.free(slot, slotSizes[slot]);
                live.addAndGet(-slotSizes[slot]);
            }
        }
    }

    /** Frees what the mailboxes still hold (after both workers have ended). */
    private void freeEverything() {
        for (int t = 0; t < THREADS; t++) {
            int inboxBase = t * REGION + SLOTS;
            for (int index = mailboxes[t].peek(); index >= 0; index = mailboxes[t].peek()) {
                memory.free(inboxBase + index, slotSizes[inboxBase + index]);
                live.addAndGet(-slotSizes[inboxBase + index]);
                mailboxes[t].release();
            }
        }
    }
}
