package org.jmalloc.allocator.extent;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock of a bin or of an arena's pages: a {@link ReentrantLock} that spins briefly before it
 * queues. Critical sections are short (a batch fill or flush, an extent split), so a waiter usually
 * gets the lock within the spin; queueing would cost a park/unpark and a queue node allocated on
 * the Java heap for every contended acquisition, which would show up as garbage on the allocator's
 * hot paths ({@code gc.alloc.rate.norm} of the cross-thread benchmarks).
 */
public final class ArenaLock extends ReentrantLock {

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
