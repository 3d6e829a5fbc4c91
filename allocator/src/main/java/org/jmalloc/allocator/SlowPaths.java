package org.jmalloc.allocator;

import org.jmalloc.allocator.arena.Arena;
import org.jmalloc.allocator.extent.BlockErrors;
import org.jmalloc.allocator.extent.Extent;
import org.jmalloc.allocator.extent.MappedMemory;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.jmalloc.allocator.tcache.CacheRegistry;
import org.jmalloc.allocator.tcache.ThreadCache;

/**
 * Everything the fast paths in {@link Allocator} send on — a thread-cache miss or overflow, a
 * class the cache does not keep, a thread without a cache of its own, a block that fails a
 * fast-path check — and the calls that have no fast path ({@code calloc}, {@code alignedAlloc}
 * beyond 16 bytes, {@code realloc}). Each call first checks the allocator is open and its
 * arguments are valid, then finds the caller's cache: its own (bound on its first call), a shared
 * one claimed for the call (virtual threads), or none (all shared caches busy: straight to the
 * caller's arena).
 *
 * <p>Not final: {@link OverlapFault} overrides {@link #allocateWith} and {@link #freeWith}, the
 * two points where a test fault acts, so the production paths carry no branch for it.
 */
class SlowPaths {

    final SizeClasses classes;
    final int smallCount;
    private final long secret;
    private final boolean marks;
    private final Arena[] arenas;
    private final CacheRegistry registry;
    private final BlockDiagnostics diagnostics;
    private final LimitReclaim reclaim;
    final WorkCounters work = new WorkCounters();
    /** Set by {@link #close()}; every public call checks it first. */
    private volatile boolean closed;

    SlowPaths(SizeClasses classes, long secret, boolean marks, Arena[] arenas, CacheRegistry registry,
              BlockDiagnostics diagnostics, MappedMemory memory) {
        this.classes = classes;
        this.smallCount = classes.smallCount();
        this.secret = secret;
        this.marks = marks;
        this.arenas = arenas;
        this.registry = registry;
        this.diagnostics = diagnostics;
        this.reclaim = new LimitReclaim(classes, arenas, registry, memory);
    }

    /** @throws IllegalStateException once the allocator is closed */
    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("allocator is closed");
        }
    }

    /** Marks the allocator closed; calls that check afterwards throw. */
    void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    // ---- allocation ---------------------------------------------------------------------------

    long malloc(long size) {
        work.mallocSlow.increment();
        checkOpen();
        RequestChecks.checkSize(size);
        return allocateClass(classes.indexOf(size), size);
    }

    /**
     * Allocates one block of class {@code c}; when the {@code maxBytes} limit stops it, reclaims
     * unused memory ({@link LimitReclaim}) and tries once more.
     */
    long allocateClass(int c, long request) {
        try {
            return allocateClassOnce(c, request);
        } catch (MappedMemory.LimitExceeded limit) {
            reclaim.reclaimFor(c, classes.pageSize(), arenaOfCaller());
            return allocateClassOnce(c, request);
        }
    }

    private long allocateClassOnce(int c, long request) {
        ThreadCache tc = ownCache();
        long address;
        if (tc != null) {
            address = allocateWith(tc, tc.arena(), c, request);
        } else {
            int slot = registry.acquireShared();
            if (slot >= 0) {
                try {
                    ThreadCache shared = registry.shared(slot);
                    address = allocateWith(shared, shared.arena(), c, request);
                } finally {
                    registry.releaseShared(slot);
                }
            } else {
                address = allocateWith(null, registry.arenaForUncached(), c, request);
            }
        }
        if (marks) {
            FreeMarks.clear(address);
        }
        return address;
    }

    /** One block of class {@code c} from the cache {@code tc} (null: none) or its arena. */
    long allocateWith(ThreadCache tc, Arena arena, int c, long request) {
        boolean cached = tc != null && tc.caches(c);
        long address = cached ? tc.pop(c) : 0;
        if (address == 0) {
            if (c >= smallCount) {
                address = arena.mallocLarge(c, classes.sizeOf(c), classes.pageSize(), request).base;
            } else {
                address = cached ? tc.refillAndPop(c) : arena.mallocSmall(c);
            }
        }
        return address;
    }

    /** A large block straight from the caller's arena (no thread cache), retried once past the limit. */
    private Extent mallocLargeDirect(int c, long alignment, long request) {
        Arena arena = arenaOfCaller();
        try {
            return arena.mallocLarge(c, classes.sizeOf(c), alignment, request);
        } catch (MappedMemory.LimitExceeded limit) {
            reclaim.reclaimFor(c, alignment, arena);
            return arena.mallocLarge(c, classes.sizeOf(c), alignment, request);
        }
    }

    long calloc(long count, long size) {
        checkOpen();
        long total = RequestChecks.checkCalloc(count, size);
        int c = classes.indexOf(total);
        if (c < smallCount) {
            long address = allocateClass(c, total);
            RawMemory.zero(address, total);
            return address;
        }
        // Large: skip the thread cache so a block fresh from the OS (already zero) needs no fill.
        Extent e = mallocLargeDirect(c, classes.pageSize(), total);
        boolean zero = e.zeroed;
        e.zeroed = false;
        if (!zero) {
            RawMemory.zero(e.base, total);
        }
        return e.base;
    }

    /** {@code alignedAlloc} for an alignment above the quantum (arguments checked by the caller). */
    long alignedAlloc(long alignment, long size) {
        long page = classes.pageSize();
        if (alignment <= page) {
            // The smallest class that is a multiple of the alignment: slab regions start at
            // multiples of their size from a page-aligned base, large blocks are page-aligned.
            int c = classes.indexOf(Math.max(size, alignment));
            while (classes.sizeOf(c) % alignment != 0) {
                c++;
            }
            return allocateClass(c, size);
        }
        int c = classes.indexOf(Math.max(size, classes.smallMax() + 1));
        Extent e = mallocLargeDirect(c, alignment, size);
        e.zeroed = false;
        if (marks) {
            FreeMarks.clear(e.base); // a reused block may still carry its last free mark
        }
        return e.base;
    }

    /** {@code realloc} of a block ({@code address != 0}); see {@link Allocator#realloc}. */
    long realloc(long address, long newSize) {
        RequestChecks.checkSize(newSize);
        Extent e = diagnostics.liveBlockAt(address, "realloc");
        long old = BlockDiagnostics.usableSize(e);
        int c = classes.indexOf(newSize);
        long usable = classes.sizeOf(c);
        if (usable == old) {
            return address;
        }
        if (!e.slab && c >= smallCount && arenas[e.arena].resizeLarge(e, c, usable)) {
            return address;
        }
        long moved = malloc(newSize);
        RawMemory.copy(address, moved, Math.min(old, newSize));
        free(address, -1);
        return moved;
    }

    // ---- deallocation -------------------------------------------------------------------------

    /**
     * Frees a block the fast path did not take.
     *
     * @param size the request size of a sized free, -1 for an unsized one
     */
    void free(long address, long size) {
        work.freeSlow.increment();
        checkOpen();
        if (address == 0) {
            return;
        }
        Extent e = diagnostics.blockAt(address, "free");
        if (size != -1) {
            RequestChecks.checkSize(size);
            int hinted = classes.indexOf(size);
            if (hinted != e.sizeClass) {
                throw new IllegalArgumentException(String.format(
                        "sized free of 0x%x with size %d: the block is in size class %d bytes, size %d is in class %d bytes",
                        address, size, classes.sizeOf(e.sizeClass), size, classes.sizeOf(hinted)));
            }
        }
        if (marks && FreeMarks.isMarked(address, secret)) {
            throw BlockErrors.doubleFree(address);
        }
        int c = e.sizeClass;
        ThreadCache tc = ownCache();
        if (tc != null) {
            freeWith(tc, arenas[e.arena], e, address, c);
            return;
        }
        int slot = registry.acquireShared();
        if (slot < 0) {
            freeWith(null, arenas[e.arena], e, address, c);
            return;
        }
        try {
            freeWith(registry.shared(slot), arenas[e.arena], e, address, c);
        } finally {
            registry.releaseShared(slot);
        }
    }

    /** Returns a checked block of class {@code c} to the cache {@code tc} (null: none) or its arena. */
    void freeWith(ThreadCache tc, Arena owner, Extent e, long address, int c) {
        if (tc != null && tc.caches(c)) {
            if (marks) {
                FreeMarks.mark(address, secret);
            }
            tc.push(c, address);
        } else if (e.slab) {
            owner.freeSmall(e, address);
        } else {
            owner.freeLarge(e);
        }
    }

    // ---- caches -------------------------------------------------------------------------------

    /**
     * The calling platform thread's own cache, created and bound on its first call; null for a
     * virtual thread (which borrows a shared cache per call).
     */
    ThreadCache ownCache() {
        ThreadCache tc = registry.local();
        if (tc == null && !Thread.currentThread().isVirtual()) {
            tc = registry.bind();
        }
        return tc;
    }

    /** The arena the caller allocates from: its cache's, or the one for uncached calls. */
    private Arena arenaOfCaller() {
        ThreadCache tc = ownCache();
        return tc != null ? tc.arena() : registry.arenaForUncached();
    }
}
