package org.jmalloc.allocator;

import org.jmalloc.allocator.arena.Arena;
import org.jmalloc.allocator.extent.Extent;
import org.jmalloc.allocator.extent.MappedMemory;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.jmalloc.allocator.tcache.CacheRegistry;
import org.jmalloc.allocator.tcache.ThreadCache;

/**
 * Test only: the slow paths with {@link TestFault#OVERLAP_ONCE} injected. It remembers the last
 * small block handed out per class and, once, hands it out again while it is still live. Only an
 * allocator built with that fault creates this class (which also turns the thread cache off, so
 * every allocation comes here); otherwise it is never loaded and {@link SlowPaths}' two overridden
 * methods stay monomorphic.
 */
final class OverlapFault extends SlowPaths {

    private boolean armed = true;
    /** By small class: the last block handed out and not freed since, 0 for none. Guarded by this. */
    private final long[] lastSmall;

    OverlapFault(SizeClasses classes, long secret, boolean marks, Arena[] arenas, CacheRegistry registry,
                 BlockDiagnostics diagnostics, MappedMemory memory, Observability obs, int cachedClasses,
                 GuardedBlocks guards) {
        super(classes, secret, marks, arenas, registry, diagnostics, memory, obs, cachedClasses, guards);
        this.lastSmall = new long[classes.smallCount()];
    }

    @Override
    long allocateWith(ThreadCache tc, Arena arena, int c, long request) {
        if (c >= smallCount) {
            return super.allocateWith(tc, arena, c, request);
        }
        synchronized (this) {
            if (armed && lastSmall[c] != 0) {
                armed = false;
                return lastSmall[c];
            }
        }
        long address = super.allocateWith(tc, arena, c, request);
        synchronized (this) {
            lastSmall[c] = address;
        }
        return address;
    }

    @Override
    void freeWith(ThreadCache tc, Arena owner, Extent e, long address, int c) {
        if (c < smallCount) {
            synchronized (this) {
                if (lastSmall[c] == address) {
                    lastSmall[c] = 0; // the fault must hand out a live block: forget a freed one
                }
            }
        }
        super.freeWith(tc, owner, e, address, c);
    }
}
