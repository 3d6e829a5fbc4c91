package org.jmalloc.benchmarks.workload;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded single-producer single-consumer ring of slot indices, used to hand blocks from one thread to another.
 *
 * <p>The ring stores no data. Position {@code p} maps to index {@code p & mask}; the producer {@link #claim()}s an
 * index, puts a block into the slot of that index (in a {@code MemoryImpl} and any side arrays it keeps), then
 * {@link #publish()}es it; the consumer {@link #peek()}s the oldest published index, takes the block out, then
 * {@link #release()}s the index for reuse.
 *
 * <p>Invariants: {@code 0 <= head - tail <= capacity}; only the producer writes {@code head}, only the consumer writes
 * {@code tail}. Ordering: {@code publish} is a release store of {@code head} so that the consumer's acquire load of
 * {@code head} in {@code peek} sees the block the producer stored in the slot; otherwise it could free a stale
 * address. {@code release} is a release store of {@code tail} so that the producer's acquire load in {@code claim} sees
 * the slot emptied; otherwise the consumer's late clearing of the slot could overwrite the producer's next block.
 * Each side caches the other's counter and re-reads it only when the cached value says full (or empty), so the
 * shared lines are touched once per {@code capacity} handoffs in the common case. {@code SpscSlotRingTest} checks
 * FIFO order and the capacity bound, including across two threads.
 *
 * <p>Layout (superclass fields first, as the JVM lays them out):
 * <pre>
 *   | capacity, mask (read-only) | 128 B pad | head, producerTailCache | 128 B pad | tail, consumerHeadCache | 128 B pad |
 * </pre>
 * 128 bytes is two cache lines, so adjacent-line prefetch does not pair the producer's and the consumer's fields;
 * without the padding the cross-thread benchmarks would measure false sharing in the harness, not the allocator.
 */
public final class SpscSlotRing extends SpscSlotRingPad2 {

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(SpscSlotRingProducer.class, "head", long.class);
            TAIL = lookup.findVarHandle(SpscSlotRingConsumer.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * An empty ring of {@code capacity} indices.
     *
     * @throws IllegalArgumentException when {@code capacity} is not a positive power of two
     */
    public SpscSlotRing(int capacity) {
        super(checked(capacity));
    }

    private static int checked(int capacity) {
        if (capacity <= 0 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a positive power of two, not " + capacity);
        }
        return capacity;
    }

    /** Number of indices, the most blocks in flight. */
    public int capacity() {
        return capacity;
    }

    /** Producer only: the index to fill next, or -1 when the ring is full. Claiming twice returns the same index. */
    public int claim() {
        long h = head;
        if (h - producerTailCache >= capacity) {
            producerTailCache = (long) TAIL.getAcquire(this);
            if (h - producerTailCache >= capacity) {
                return -1;
            }
        }
        return (int) h & mask;
    }

    /** Producer only: makes the claimed index visible to the consumer. */
    public void publish() {
        HEAD.setRelease(this, head + 1);
    }

    /** Consumer only: the oldest published index, or -1 when the ring is empty. Peeking twice returns the same index. */
    public int peek() {
        long t = tail;
        if (t >= consumerHeadCache) {
            consumerHeadCache = (long) HEAD.getAcquire(this);
            if (t >= consumerHeadCache) {
                return -1;
            }
        }
        return (int) t & mask;
    }

    /** Consumer only: hands the peeked index back to the producer. */
    public void release() {
        TAIL.setRelease(this, tail + 1);
    }

    /** Published indices not yet released; exact only when neither side is running. */
    public int size() {
        return (int) ((long) HEAD.getAcquire(this) - (long) TAIL.getAcquire(this));
    }
}

/** The ring's shape, read by both sides and never written after construction. */
abstract class SpscSlotRingShape {
    final int capacity;
    final int mask;

    SpscSlotRingShape(int capacity) {
        this.capacity = capacity;
        this.mask = capacity - 1;
    }
}

/** Padding before the producer's fields. */
abstract class SpscSlotRingPad0 extends SpscSlotRingShape {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    SpscSlotRingPad0(int capacity) {
        super(capacity);
    }
}

/** The producer's fields: written by the producer only. */
abstract class SpscSlotRingProducer extends SpscSlotRingPad0 {
    /** Next position to publish; release-stored by {@code publish}. */
    long head;
    /** The producer's last view of {@code tail}. */
    long producerTailCache;

    SpscSlotRingProducer(int capacity) {
        super(capacity);
    }
}

/** Padding between producer and consumer. */
abstract class SpscSlotRingPad1 extends SpscSlotRingProducer {
    long p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30, p31, p32, p33, p34, p35;

    SpscSlotRingPad1(int capacity) {
        super(capacity);
    }
}

/** The consumer's fields: written by the consumer only. */
abstract class SpscSlotRingConsumer extends SpscSlotRingPad1 {
    /** Next position to consume; release-stored by {@code release}. */
    long tail;
    /** The consumer's last view of {@code head}. */
    long consumerHeadCache;

    SpscSlotRingConsumer(int capacity) {
        super(capacity);
    }
}

/** Padding after the consumer's fields, against whatever object the heap places next. */
abstract class SpscSlotRingPad2 extends SpscSlotRingConsumer {
    long p40, p41, p42, p43, p44, p45, p46, p47, p48, p49, p50, p51, p52, p53, p54, p55;

    SpscSlotRingPad2(int capacity) {
        super(capacity);
    }
}
