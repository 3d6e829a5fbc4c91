package org.jmalloc.allocator;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Set;

/**
 * A {@link java.lang.foreign.Arena} over an {@link Allocator}: segments are blocks of the
 * allocator, bound to a shared scope, and {@link #close()} first invalidates every segment (the
 * JDK's shared-arena close makes later access throw) and then frees every block. The allocator
 * keeps its open arenas and closes them first when it is closed itself, so no segment outlives the
 * memory under it.
 *
 * <p>Thread-safe: allocation is synchronized; closing while another thread allocates is refused by
 * the scope.
 */
final class AllocatorArena implements java.lang.foreign.Arena {

    private final Allocator allocator;
    private final Set<AllocatorArena> open;
    private final java.lang.foreign.Arena scope = java.lang.foreign.Arena.ofShared();
    private long[] blocks = new long[16];
    private int count;

    /** @param open the allocator's open arenas: this one joins it now and leaves it when closed */
    AllocatorArena(Allocator allocator, Set<AllocatorArena> open) {
        this.allocator = allocator;
        this.open = open;
        open.add(this);
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

    /**
     * Invalidates every segment, then frees every block.
     *
     * @throws IllegalStateException when the arena is already closed, or its scope is in use by
     *     another thread (then nothing is freed and the arena stays open)
     */
    @Override
    public void close() {
        synchronized (this) {
            scope.close();
            open.remove(this);
            for (int i = 0; i < count; i++) {
                allocator.free(blocks[i]);
            }
            count = 0;
            blocks = new long[0];
        }
    }
}
