package org.jmalloc.benchmarks.impl;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;

/**
 * Netty's direct buffers: {@code directBuffer(size)} and {@code release()}, from {@link PooledByteBufAllocator#DEFAULT}
 * ({@code netty-pooled}) or an {@link AdaptiveByteBufAllocator} with its default settings ({@code netty-adaptive}).
 *
 * <p>Netty's leak detector is switched off for the whole JVM: by default it samples allocations and records stack
 * traces, which is a debugging aid a benchmark of the allocator should not pay for. Growth uses
 * {@code ByteBuf.capacity(newSize)}, Netty's own reallocation (a new buffer, a copy, a release: {@link Realloc#COPY}).
 * Buffers hold at most {@code Integer.MAX_VALUE} bytes.
 */
public final class NettyMemory implements MemoryImpl {

    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }

    private final String name;
    private final ByteBufAllocator allocator;
    private final ByteBuf[] buffers;

    private NettyMemory(String name, ByteBufAllocator allocator, int slots) {
        this.name = name;
        this.allocator = allocator;
        this.buffers = new ByteBuf[slots];
    }

    static NettyMemory pooled(int slots) {
        return new NettyMemory("netty-pooled", PooledByteBufAllocator.DEFAULT, slots);
    }

    static NettyMemory adaptive(int slots) {
        return new NettyMemory("netty-adaptive", new AdaptiveByteBufAllocator(), slots);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int slots() {
        return buffers.length;
    }

    @Override
    public long address(int slot) {
        return buffers[slot].memoryAddress();
    }

    @Override
    public void allocate(int slot, long size) {
        buffers[slot] = allocator.directBuffer(capacity(size));
    }

    @Override
    public void free(int slot, long size) {
        buffers[slot].release();
        buffers[slot] = null;
    }

    @Override
    public void reallocate(int slot, long oldSize, long newSize) {
        buffers[slot].capacity(capacity(newSize));
    }

    /** Netty's pooled allocator trims the calling thread's cache; the adaptive allocator has no such call. */
    @Override
    public void purge() {
        if (allocator instanceof PooledByteBufAllocator pooled) {
            pooled.trimCurrentThreadCache();
        }
    }

    @Override
    public AllocatorCounters counters() {
        long used = allocator instanceof ByteBufAllocatorMetricProvider metrics
                ? metrics.metric().usedDirectMemory() : AllocatorCounters.UNKNOWN;
        return new AllocatorCounters(AllocatorCounters.UNKNOWN, AllocatorCounters.UNKNOWN, used);
    }

    @Override
    public void move(int from, int to) {
        buffers[to] = buffers[from];
        buffers[from] = null;
    }

    @Override
    public void write(int slot, long offset, byte value) {
        buffers[slot].setByte((int) offset, value);
    }

    @Override
    public byte read(int slot, long offset) {
        return buffers[slot].getByte((int) offset);
    }

    @Override
    public boolean isLive(int slot) {
        return buffers[slot] != null;
    }

    @Override
    public Realloc realloc() {
        return Realloc.COPY;
    }

    @Override
    public void close() {
        for (int slot = 0; slot < buffers.length; slot++) {
            if (buffers[slot] != null) {
                buffers[slot].release();
                buffers[slot] = null;
            }
        }
    }

    private static int capacity(long size) {
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Netty buffers hold at most " + Integer.MAX_VALUE + " bytes, not " + size);
        }
        return (int) size;
    }
}
