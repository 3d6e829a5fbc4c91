package org.jmalloc.allocator.prof;

/**
 * One sampled allocation.
 *
 * @param address the block's address
 * @param size the usable size the application asked for (its size class), in bytes
 * @param sizeClass that size class's index
 * @param promoted whether the block was served from its own page run instead of a slab or thread
 *     cache (so that its free is seen)
 * @param weight the allocations it stands for ({@link SampleMath#weight})
 * @param stack where it was allocated
 * @param threadId the allocating thread
 */
public record Sample(long address, long size, int sizeClass, boolean promoted, double weight, CallStack stack,
              long threadId) {

    /** The stack's frames, innermost first. */
    public java.util.List<Frame> frames() {
        return stack.frames;
    }
}
