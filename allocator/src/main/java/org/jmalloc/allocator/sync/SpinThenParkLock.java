package org.jmalloc.allocator.sync;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock that spins briefly before it parks: the lock of a bin and of an arena's pages.
 *
 * <p>Critical sections are short (a batch fill or flush, an extent split), so a waiter usually gets
 * the lock within the spin; parking at once would cost a park/unpark and a queue node allocated on
 * the Java heap for every contended acquisition, which would show up as garbage on the allocator's
 * hot paths ({@code gc.alloc.rate.norm} of the cross-thread benchmarks). After {@value #SPINS}
 * failed attempts it queues as a {@link ReentrantLock} does.
 *
 * <p>It lives in {@code sync}, below every layer and depending on nothing but the JDK, because both
 * the slab layer (bin locks) and the extent layer (page locks) use it and neither may depend on
 * the other's upward neighbour; it is neither an OS facility nor an extent concept.
 */
public final class SpinThenParkLock extends ReentrantLock {

    private static final int SPINS = 128;

    @Override
    public void lock() {
        for (int i = 0; i < SPINS; i++) {
            if (tryLock()) {
                return;
            }
            Thread.onSpinWait();
        }
        super.lock();
    }
}
