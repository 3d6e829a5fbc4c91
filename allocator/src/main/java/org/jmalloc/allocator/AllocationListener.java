package org.jmalloc.allocator;

/**
 * Observes every allocation and free of an allocator, for accounting (per-subsystem quotas,
 * reservations, leak tracking), in the style of Apache Arrow's {@code AllocationListener}. Set
 * with {@link AllocatorBuilder#listener}; every method has an empty default.
 *
 * <p>Calls come on the allocating or freeing thread, synchronously, and must be thread-safe. A
 * listener that throws makes the call throw the same exception (an exception from
 * {@link #beforeAllocate} stops the allocation before anything is allocated). A listener must not
 * call back into the allocator it listens to. An allocator with a listener runs every call
 * through its checked slow path (see {@link AllocatorBuilder#listener}).
 */
public interface AllocationListener {

    /** Before an allocation of {@code size} requested bytes. */
    default void beforeAllocate(long size) {
    }

    /** After a successful allocation: the block's address, the requested and the usable size. */
    default void afterAllocate(long address, long size, long usableSize) {
    }

    /**
     * The allocation of {@code size} bytes failed.
     *
     * @return true to have the allocator try once more (after the listener released memory, say);
     *     false to let the error propagate
     */
    default boolean onFailure(long size, OutOfMemoryError error) {
        return false;
    }

    /** Before a block is freed (the address is still valid). */
    default void beforeFree(long address, long usableSize) {
    }

    /** After a block was freed. */
    default void afterFree(long address, long usableSize) {
    }
}
