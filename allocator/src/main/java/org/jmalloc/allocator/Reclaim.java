package org.jmalloc.allocator;

import org.jmalloc.allocator.arena.Arena;
import org.jmalloc.allocator.extent.MappedMemory;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.jmalloc.allocator.tcache.CacheRegistry;
import org.jmalloc.allocator.tcache.ThreadCache;

/**
 * Gives unused memory back: on request ({@link Allocator#flushThreadCache()},
 * {@link Allocator#purge()}) and when the {@code maxBytes} limit stops a mapping
 * ({@link MappedMemory.LimitExceeded}).
 *
 * <p>At the limit it makes room for the request, cheapest first, so the caller can retry once
 * before the error reaches the application. The cheapest room is memory already mapped: a free
 * run another arena holds, moved into the caller's arena without a system call (dirty pages even
 * without a page fault when they are touched again). An arena that allocates already takes such
 * runs when their arena's lock is free ({@code PagePeers}); here, holding no lock, the reclaim
 * waits for busy ones too. Only when no arena has a free run that large does it give memory back
 * to the OS so that a new mapping fits: it unmaps free runs, retained ones first, then muzzy, then
 * dirty, just until the mapping fits; and only when all the free runs together are enough for it
 * (when live blocks fill the limit, the request fails without purging anything). Unmapping and
 * mapping again is what made a program that lives at its limit slow (every reuse paid page faults
 * and two system calls), so it is the last resort.
 */
final class Reclaim {

    private final SizeClasses classes;
    private final Arena[] arenas;
    private final CacheRegistry registry;
    private final MappedMemory memory;

    Reclaim(SizeClasses classes, Arena[] arenas, CacheRegistry registry, MappedMemory memory) {
        this.classes = classes;
        this.arenas = arenas;
        this.registry = registry;
        this.memory = memory;
    }

    /**
     * Returns the calling thread's cached blocks to their slabs, and with them the blocks that
     * routine flushes parked in the arenas' bins, so that slabs left empty go back to the pages.
     */
    void flushCaller() {
        ThreadCache tc = registry.local();
        if (tc != null) {
            tc.flushAll();
        }
        for (Arena a : arenas) {
            a.drainParked();
        }
    }

    /**
     * {@link #flushCaller()}, then the caches of threads that have ended and the idle shared
     * caches; then every arena gives back its empty slabs and returns every unused page to the OS.
     */
    void purge() {
        flushCaller();
        registry.reapDead();
        registry.flushIdleShared();
        for (Arena a : arenas) {
            a.purge();
        }
    }

    /**
     * Makes room, in this order, for a block of class {@code c} aligned to {@code alignment} in
     * {@code target} (the arena the caller retries in): the caller's cached blocks and dead threads'
     * caches go back to their slabs; a free run of another arena moves into {@code target}; or else,
     * when the free runs together are enough, the arenas unmap free runs (retained, then muzzy, then
     * dirty) until a mapping of the block's size fits. One arena lock at a time.
     */
    void reclaimFor(int c, long alignment, Arena target) {
        long need = mappingNeed(c, alignment);
        ThreadCache tc = registry.local();
        if (tc != null) {
            tc.flushAll();
        }
        registry.reapDead();
        if (target.pages().borrow(need)) {
            return;
        }
        if (!memory.fits(need - freeBytes())) {
            // Even with every free page given back the mapping would not fit: the live blocks fill
            // the limit. Purging now would only make the pages fault in again after the caller
            // frees some; fail the request as it is.
            return;
        }
        for (Arena a : arenas) {
            a.drainParked();
        }
        for (Arena a : arenas) {
            a.pages().unmapFree(memory.shortfall(need));
            if (memory.fits(need)) {
                return;
            }
        }
    }

    /** Bytes of free runs (dirty, muzzy, retained) in all arenas: what unmapping could give back. */
    private long freeBytes() {
        long free = 0;
        for (Arena a : arenas) {
            free += a.pages().freeBytes();
        }
        return free;
    }

    /** Bytes a block of class {@code c} may need to map: its slab or its pages, plus alignment slack. */
    private long mappingNeed(int c, long alignment) {
        long bytes = c < classes.smallCount() ? (long) classes.slabPages(c) * classes.pageSize() : classes.sizeOf(c);
        return bytes + Math.max(0, alignment - classes.pageSize());
    }
}
