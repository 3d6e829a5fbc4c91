package org.jmalloc.benchmarks.impl;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An allocator that hands out raw {@code long} addresses: jmalloc's raw API and the native libraries.
 *
 * <p>Design: each slot holds the block's address, 0 when empty. Subclasses supply {@link #malloc}, {@link #free(long,
 * long)} and {@link #realloc(long, long, long)}; the slot bookkeeping here costs one array load or store per call,
 * the same for every allocator. A JMH fork runs one implementation, so the abstract calls have one receiver class
 * and inline.
 *
 * <p>Memory is read and written through {@link #ALL}, one segment spanning the address space, so touching a block
 * allocates nothing on the Java heap.
 */
public abstract sealed class AddressMemory implements MemoryImpl
        permits JmallocMemory, NativeMemory {

    /** Every address, for allocation-free access to native blocks; bounds are the benchmark's responsibility. */
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private final String name;
    private final long[] addresses;
    private boolean closed;

    AddressMemory(String name, int slots) {
        this.name = name;
        this.addresses = new long[slots];
    }

    /** A block of at least {@code size} bytes, or 0 when the allocator has none. */
    abstract long malloc(long size);

    /** Frees the block at {@code address} that was allocated with {@code size} bytes. */
    abstract void free(long address, long size);

    /** The block at {@code address} resized to {@code newSize} bytes, or 0 when the allocator has no memory. */
    abstract long realloc(long address, long oldSize, long newSize);

    /** Releases the allocator itself, after every slot has been freed. */
    void release() {
    }

    /** The slots' addresses (0: empty), for a subclass's loop over every block. */
    final long[] addresses() {
        return addresses;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int slots() {
        return addresses.length;
    }

    @Override
    public final long address(int slot) {
        return addresses[slot];
    }

    @Override
    public final void allocate(int slot, long size) {
        long address = malloc(size);
        if (address == 0) {
            throw outOfMemory(size);
        }
        addresses[slot] = address;
    }

    @Override
    public final void free(int slot, long size) {
        free(addresses[slot], size);
        addresses[slot] = 0;
    }

    @Override
    public final void reallocate(int slot, long oldSize, long newSize) {
        long address = realloc(addresses[slot], oldSize, newSize);
        if (address == 0) {
            throw outOfMemory(newSize);
        }
        addresses[slot] = address;
    }

    @Override
    public final void move(int from, int to) {
        addresses[to] = addresses[from];
        addresses[from] = 0;
    }

    @Override
    public final void write(int slot, long offset, byte value) {
        ALL.set(ValueLayout.JAVA_BYTE, addresses[slot] + offset, value);
    }

    @Override
    public final byte read(int slot, long offset) {
        return ALL.get(ValueLayout.JAVA_BYTE, addresses[slot] + offset);
    }

    @Override
    public final boolean isLive(int slot) {
        return addresses[slot] != 0;
    }

    @Override
    public Realloc realloc() {
        return Realloc.NATIVE;
    }

    /** Frees the blocks still live in a slot with {@link #freeUnsized}, then releases the allocator. */
    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int slot = 0; slot < addresses.length; slot++) {
            if (addresses[slot] != 0) {
                freeUnsized(addresses[slot]);
                addresses[slot] = 0;
            }
        }
        release();
    }

    /** Frees a block whose size the caller no longer knows (only {@link #close()} needs this). */
    abstract void freeUnsized(long address);

    private OutOfMemoryError outOfMemory(long size) {
        return new OutOfMemoryError(name + " returned no memory for " + size + " bytes");
    }
}
