package org.jmalloc.benchmarks.impl;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jmalloc.allocator.Allocator;
import org.jmalloc.benchmarks.profile.WorkCountersProfiler;

/**
 * jmalloc's {@link MemorySegment} API: {@code allocate(size, 16)} and {@code free(segment)}, on an allocator built with
 * the default configuration for this implementation alone.
 *
 * <p>The segment API has no realloc: {@link #reallocate} allocates the new size, copies, frees the old segment
 * ({@link Realloc#COPY}). Each slot holds its segment, so segments escape and cost a heap object per allocation.
 *
 * <p>The slots are an {@code Object[]}, not a {@code MemorySegment[]}: storing into an array whose element type is an
 * interface makes the JIT check the stored object against that interface through its secondary supers (a table
 * probe on every store), which the other implementations' slot arrays ({@code long[]}, or an array of a class type)
 * do not pay. The read side casts back, which the JIT reduces to one class compare since the slots only ever hold
 * the JDK's native segment class. So the slot bookkeeping costs the same here as elsewhere, and the figure is the
 * segment API's own cost.
 */
public final class JmallocSegmentMemory implements MemoryImpl {

    /** Alignment requested for every block: what malloc guarantees, so both jmalloc paths get the same blocks. */
    static final long ALIGNMENT = 16;

    private final Allocator allocator;
    private final Object[] segments;
    private boolean closed;

    JmallocSegmentMemory(int slots) {
        this(slots, Allocator.builder(), true);
    }

    /** With {@code tracked} false the allocator's work stays out of {@link WorkCountersProfiler}'s timed counts. */
    JmallocSegmentMemory(int slots, org.jmalloc.allocator.AllocatorBuilder builder, boolean tracked) {
        this.allocator = builder.build();
        if (tracked) {
            WorkCountersProfiler.track(allocator);
        }
        this.segments = new Object[slots];
    }

    @Override
    public org.jmalloc.allocator.WorkCounts workCounts() {
        return allocator.stats().work();
    }

    private MemorySegment segment(int slot) {
        return (MemorySegment) segments[slot];
    }

    @Override
    public String name() {
        return "jmalloc-segment";
    }

    @Override
    public int slots() {
        return segments.length;
    }

    @Override
    public long address(int slot) {
        return segment(slot).address();
    }

    @Override
    public void allocate(int slot, long size) {
        segments[slot] = allocator.allocate(size, ALIGNMENT);
    }

    @Override
    public void free(int slot, long size) {
        allocator.free(segment(slot));
        segments[slot] = null;
    }

    @Override
    public void reallocate(int slot, long oldSize, long newSize) {
        MemorySegment old = segment(slot);
        MemorySegment grown = allocator.allocate(newSize, ALIGNMENT);
        MemorySegment.copy(old, 0, grown, 0, Math.min(oldSize, newSize));
        allocator.free(old);
        segments[slot] = grown;
    }

    @Override
    public void purge() {
        allocator.purge();
    }

    @Override
    public AllocatorCounters counters() {
        return JmallocMemory.countersOf(allocator);
    }

    @Override
    public void move(int from, int to) {
        segments[to] = segments[from];
        segments[from] = null;
    }

    @Override
    public void write(int slot, long offset, byte value) {
        segment(slot).set(ValueLayout.JAVA_BYTE, offset, value);
    }

    @Override
    public byte read(int slot, long offset) {
        return segment(slot).get(ValueLayout.JAVA_BYTE, offset);
    }

    @Override
    public boolean isLive(int slot) {
        return segments[slot] != null;
    }

    @Override
    public Realloc realloc() {
        return Realloc.COPY;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        for (int slot = 0; slot < segments.length; slot++) {
            if (segments[slot] != null) {
                allocator.free(segment(slot));
                segments[slot] = null;
            }
        }
        WorkCountersProfiler.untrack(allocator);
        allocator.close();
        closed = true;
    }
}
