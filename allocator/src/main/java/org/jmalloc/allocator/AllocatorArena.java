package org.jmalloc.allocator;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A {@link java.lang.foreign.Arena} over an {@link Allocator}: segments are blocks of the
 * allocator, bound to a shared scope, and {@link #close()} first invalidates every segment (the
 * JDK's shared-arena close makes later access throw) and then frees every block.
 *
 * <p>Thread-safe: allocation is synchronized; closing while another thread allocates is refused by
 * the scope.
 */
final class AllocatorArena implements java.lang.foreign.Arena {

    private final Allocator allocator;
    private final java.lang.foreign.Arena scope = java.lang.foreign.Arena.ofShared();
    private long[] blocks = new long[16];
    private int count;

    AllocatorArena(Allocator allocator) {
        this.allocator = allocator;
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        if (byteSize < 0) {
            throw new IllegalArgumentException("invalid size " + byteSize + ": must not be negative");
        }
        if (byteAlignment <= 0 || Long.bitCount(byteAlignment) != 1) {
            throw new IllegalArgumentException("invalid alignment " + byteAlignment + ": must be a power of two");
        }
        synchronized (this) {
            if (!scope.scope().isAlive()) {
                throw new IllegalStateException("arena is closed");
            }
            long address = byteAlignment <= 16
                    ? allocator.malloc(Math.max(1, byteSize))
                    : allocator.alignedAlloc(byteAlignment, Math.max(1, byteSize));
            if (count == blocks.length) {
                blocks = Arrays.copyOf(blocks, count * 2);
            }
            blocks[count++] = address;
            return MemorySegment.ofAddress(address).reinterpret(byteSize, scope, null);
        }
    }

    @Override
    public MemorySegment.Scope scope() {
        return scope.scope();
    }

    @Override
    public void close() {
        synchronized (this) {
            scope.close();
            for (int i = 0; i < count; i++) {
                allocator.free(blocks[i]);
            }
            count = 0;
            blocks = new long[0];
        }
    }
}
