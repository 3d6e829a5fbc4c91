package org.jmalloc.allocator;

import org.jmalloc.allocator.tcache.ThreadCache;

/**
 * The calling thread's view of an {@link Allocator}, from {@link Allocator#threadHandle()}: the same
 * {@code malloc}/{@code free} without looking up the thread's cache on every call.
 *
 * <p>Confined to the thread that created it: another thread using it would share that thread's
 * cache without synchronization and corrupt it. Every error the allocator reports, it reports.
 */
public final class ThreadHandle {

    private final Allocator allocator;
    private final ThreadCache cache;

    private ThreadHandle(Allocator allocator, ThreadCache cache) {
        this.allocator = allocator;
        this.cache = cache;
    }

    /**
     * The calling thread's handle, over its own cache (bound now if it has none yet).
     *
     * @throws IllegalStateException on a virtual thread
     */
    static ThreadHandle ofCaller(Allocator allocator, SlowPaths slow) {
        if (Thread.currentThread().isVirtual()) {
            throw new IllegalStateException("virtual threads have no thread cache of their own: "
                    + "call malloc and free on the allocator directly");
        }
        return new ThreadHandle(allocator, slow.ownCache());
    }

    /** As {@link Allocator#malloc(long)}. */
    public long malloc(long size) {
        return allocator.mallocFrom(cache.slots(), size);
    }

    /** As {@link Allocator#free(long)}. */
    public void free(long address) {
        allocator.freeFrom(cache.slots(), address);
    }

    /** As {@link Allocator#free(long, long)}. */
    public void free(long address, long size) {
        allocator.freeFrom(cache.slots(), address, size);
    }

    /** The allocator behind this handle. */
    public Allocator allocator() {
        return allocator;
    }
}
