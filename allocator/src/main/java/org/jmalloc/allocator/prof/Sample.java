package org.jmalloc.allocator.prof;

import java.util.List;

/**
 * One sampled allocation. Immutable but for its frames, which are named from the captured
 * backtrace on first use ({@link StackCapture}) and kept; thread-safe.
 */
public final class Sample {

    private final long address;
    private final long size;
    private final int sizeClass;
    private final boolean promoted;
    private final double weight;
    private final long threadId;
    private final Throwable backtrace;
    /** The named frames, once resolved; racing resolutions produce equal lists, so either may win. */
    private volatile List<Frame> frames;

    /**
     * @param address the block's address
     * @param size the usable size the application asked for (its size class), in bytes
     * @param sizeClass that size class's index
     * @param promoted whether the block was served from its own page run instead of a slab or
     *     thread cache (so that its free is seen)
     * @param weight the allocations it stands for ({@link SampleMath#weight})
     * @param threadId the allocating thread
     * @param backtrace where it was allocated, from {@link StackCapture#capture()}
     */
    Sample(long address, long size, int sizeClass, boolean promoted, double weight, long threadId,
           Throwable backtrace) {
        this.address = address;
        this.size = size;
        this.sizeClass = sizeClass;
        this.promoted = promoted;
        this.weight = weight;
        this.threadId = threadId;
        this.backtrace = backtrace;
    }

    public long address() {
        return address;
    }

    public long size() {
        return size;
    }

    public int sizeClass() {
        return sizeClass;
    }

    public boolean promoted() {
        return promoted;
    }

    public double weight() {
        return weight;
    }

    public long threadId() {
        return threadId;
    }

    /** The stack it was allocated at, innermost (the allocating application frame) first. */
    public List<Frame> frames() {
        List<Frame> f = frames;
        if (f == null) {
            f = StackCapture.frames(backtrace);
            frames = f;
        }
        return f;
    }

    /** Replaces the frames with an equal list (the profiler shares one list per distinct stack). */
    void shareFrames(List<Frame> equal) {
        frames = equal;
    }

    @Override
    public String toString() {
        return "Sample[address=0x" + Long.toHexString(address) + ", size=" + size + ", sizeClass=" + sizeClass
                + ", promoted=" + promoted + ", threadId=" + threadId + "]";
    }
}
