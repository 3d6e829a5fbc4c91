package org.jmalloc.benchmarks.throughput;

import java.util.concurrent.TimeUnit;
import org.jmalloc.benchmarks.ImplBenchmark;
import org.jmalloc.benchmarks.impl.MemoryImpl;
import org.jmalloc.benchmarks.workload.SeededInputs;
import org.jmalloc.benchmarks.workload.SpscSlotRing;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Control;

/**
 * One thread allocates, another frees (the xmalloc-test pattern): the producer allocates blocks of seeded sizes
 * (16 B to 4 KiB, skewed small) and hands them through a bounded {@link SpscSlotRing} of {@value #RING} slots to the
 * consumer, which frees them. Every block is freed by a thread that did not allocate it, so this measures remote
 * frees: how the allocator returns a block to its owner (or to a shared arena) and how the producer refills.
 *
 * <p>Reported as throughput of the group, the sum of both threads' operations per second; one handoff is two
 * operations (the {@code allocate} and the {@code free}), and JMH also reports each method's own rate.
 *
 * <p>A side that finds the ring full (or empty) waits ({@link #backOff}) until the other side catches up, or until
 * JMH ends the measurement ({@link Control#stopMeasurement}), so neither side can hang at the end of an iteration.
 * The blocks left in the ring are freed after each iteration.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CrossThreadFreeThroughputBenchmark extends ImplBenchmark {

    static final int RING = 1024;
    static final int SEQUENCE = 1 << 14;
    static final long MIN_SIZE = 16;
    static final long MAX_SIZE = 4096;
    static final int SPINS_BEFORE_YIELD = 100;

    private MemoryImpl memory;
    private SpscSlotRing ring;
    /** Size of the block in each slot; written by the producer before publishing the slot. */
    private long[] slotSizes;
    private long[] sizes;
    /** Producer-only position in {@link #sizes}. */
    private int step;

    @Setup(Level.Trial)
    public void setUp() {
        sizes = new SeededInputs(SeededInputs.SEED).skewedSizes(SEQUENCE, MIN_SIZE, MAX_SIZE);
        slotSizes = new long[RING];
        ring = new SpscSlotRing(RING);
        memory = open(RING);
    }

    /** Frees what is left in the ring; runs after both threads have left the iteration. */
    @TearDown(Level.Iteration)
    public void drain() {
        for (int slot = ring.peek(); slot >= 0; slot = ring.peek()) {
            memory.free(slot, slotSizes[slot]);
            ring.release();
        }
    }

    /**
     * Waits for the other side: spins briefly, then yields the processor. On a machine with fewer free cores than
     * the two threads, spinning alone would burn the waiting thread's time slice while the thread it waits for is not
     * running, and the score would measure the scheduler instead of the allocator.
     */
    private static void backOff(int spins) {
        if (spins < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    @Benchmark
    @Group("allocateHereFreeThere")
    @GroupThreads(1)
    public void allocate(Control control) {
        int slot;
        for (int spins = 0; (slot = ring.claim()) < 0; spins++) {
            if (control.stopMeasurement) {
                return;
            }
            backOff(spins);
        }
        final int i = step;
        step = (i + 1) & (SEQUENCE - 1);
        final long size = sizes[i];
        memory.allocate(slot, size);
        slotSizes[slot] = size;
        ring.publish();
    }

    @Benchmark
    @Group("allocateHereFreeThere")
    @GroupThreads(1)
    public void free(Control control) {
        int slot;
        for (int spins = 0; (slot = ring.peek()) < 0; spins++) {
            if (control.stopMeasurement) {
                return;
            }
            backOff(spins);
        }
        memory.free(slot, slotSizes[slot]);
        ring.release();
    }
}
