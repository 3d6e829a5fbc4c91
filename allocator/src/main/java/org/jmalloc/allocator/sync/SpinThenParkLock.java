package org.jmalloc.allocator.sync;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock that spins briefly before it parks: the lock of a bin and of an arena's pages. It counts
 * its own acquisitions, those that found it held, and how long those waited, for the allocator's
 * work counts and lock statistics.
 *
 * <p>Critical sections are short (a batch fill or flush, an extent split), so a waiter usually gets
 * the lock within the spin; parking at once would cost a park/unpark and a queue node allocated on
 * the Java heap for every contended acquisition, which would show up as garbage on the allocator's
 * hot paths ({@code gc.alloc.rate.norm} of the cross-thread benchmarks). After {@value #SPINS}
 * failed attempts it yields the processor up to {@value #YIELDS} times, trying again after each (with
 * more threads than cores the holder is often a thread waiting to run: yielding lets it finish,
 * where queueing would allocate a node, and a short-lived thread's first heap allocation takes a
 * buffer of fresh heap of its own), and only then queues as a {@link ReentrantLock} does.
 *
 * <p>Counting: the counters are plain fields that only the holder writes, after it has the lock,
 * so the lock's own acquire/release orders every update; the uncontended path costs one CAS (the
 * lock's own) and one plain increment of a field on a line the holder owns anyway. Only the
 * contended path reads the clock ({@link System#nanoTime()} before the spin and once it holds the
 * lock), so the wait it reports is the time from the failed first attempt to the acquisition:
 * spinning and parking, not the holder's critical section before the attempt. Read them with
 * the lock held ({@link #lockUncounted()}, which a snapshot uses so that observing the counts does
 * not move them). Reentrant acquisitions count too.
 *
 * <p>It lives in {@code sync}, below every layer and depending on nothing but the JDK, because both
 * the slab layer (bin locks) and the extent layer (page locks) use it and neither may depend on
 * the other's upward neighbour; it is neither an OS facility nor an extent concept.
 */
public final class SpinThenParkLock extends ReentrantLock {

    private static final int SPINS = 128;
    private static final int YIELDS = 8;

    /** Acquisitions through {@link #lock()}; written by the holder only. */
    private long acquisitions;
    /** Those of them whose first attempt found the lock held by another thread. */
    private long contended;
    /** Nanoseconds the contended acquisitions waited, summed. */
    private long waitNanos;
    /** The longest wait of one contended acquisition, in nanoseconds. */
    private long maxWaitNanos;

    @Override
    public void lock() {
        if (!tryLock()) {
            long waited = lockContended();
            contended++;
            waitNanos += waited;
            if (waited > maxWaitNanos) {
                maxWaitNanos = waited;
            }
        }
        acquisitions++;
    }

    /** The first attempt failed: spins, yields, then queues; returns the nanoseconds it took to get the lock. */
    private long lockContended() {
        long start = System.nanoTime();
        for (int i = 1; i < SPINS; i++) {
            Thread.onSpinWait();
            if (tryLock()) {
                return System.nanoTime() - start;
            }
        }
        for (int i = 0; i < YIELDS; i++) {
            Thread.yield();
            if (tryLock()) {
                return System.nanoTime() - start;
            }
        }
        super.lock();
        return System.nanoTime() - start;
    }

    /** Acquires the lock without counting it (the stats snapshot's locks). */
    public void lockUncounted() {
        if (!tryLock()) {
            lockContended();
        }
    }

    /**
     * The counters, read with the lock held, as {@code [acquisitions, contended, waitNanos,
     * maxWaitNanos]} added into {@code into}: sums for the first three, the maximum for the last.
     */
    public void addCountsTo(long[] into) {
        into[0] += acquisitions;
        into[1] += contended;
        into[2] += waitNanos;
        into[3] = Math.max(into[3], maxWaitNanos);
    }

    /** Acquisitions so far, through {@link #lock()}; read with the lock held. */
    public long acquisitions() {
        return acquisitions;
    }

    /** Acquisitions so far whose first attempt found the lock held; read with the lock held. */
    public long contended() {
        return contended;
    }

    /** Nanoseconds the contended acquisitions waited, summed; read with the lock held. */
    public long waitNanos() {
        return waitNanos;
    }

    /** The longest wait of one contended acquisition in nanoseconds; read with the lock held. */
    public long maxWaitNanos() {
        return maxWaitNanos;
    }
}
