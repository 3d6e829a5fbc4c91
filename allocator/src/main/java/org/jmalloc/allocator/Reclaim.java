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
 * to the OS so that a new mapping fits, and only when all the free runs together are enough for it
 * (when live blocks fill the limit, the request fails without unmapping anything): first retained
 * runs (address space whose pages the OS already took: unmapping it loses nothing), then, only
 * when at least half of the limit is free, muzzy and dirty runs, oldest first, just until the
 * mapping fits.
 *
 * <p>Why the half: unmapping a dirty run throws away resident pages, and the fresh mapping that
 * replaces it faults its pages in again. A heap whose free runs are scattered between live blocks
 * (the common case for a program that lives at its limit: it frees some, allocates again, and a
 * large request finds no free run as large) would do that on every such request, and spend most
 * of its time in page faults: the memory-limit stress workload ran at about 20,000 operations a
 * second that way, mapping and unmapping over a GiB a second. Failing instead lets the program
 * free what it can, after which its requests reuse dirty pages (about 200,000 operations a second,
 * {@code LimitReclaimTest} checks the policy). A heap that is mostly free but
 * still has no run as large as the request (everything freed, in runs of different arenas and
 * mappings) cannot be helped by the program, so there the reclaim pays for the new mapping.
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
     * when the free runs together are enough, the arenas unmap retained runs, and, when at least
     * half of the limit is free, muzzy and dirty ones, until a mapping of the block's size fits. One
     * arena lock at a time.
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
        long free = freeBytes();
        if (!memory.fits(need - free)) {
            // Even with every free page given back the mapping would not fit: the live blocks fill
            // the limit. Purging now would only make the pages fault in again after the caller
            // frees some; fail the request as it is.
            return;
        }
        for (Arena a : arenas) {
            a.drainParked();
        }
        if (unmapUntilFits(need, true) || free < memory.maxBytes() / 2) {
            return; // retained runs were enough, or the heap is mostly live: fail rather than churn
        }
        unmapUntilFits(need, false);
    }

    /** Unmaps free runs arena by arena ({@code retainedOnly}: retained ones) until {@code need} bytes fit. */
    private boolean unmapUntilFits(long need, boolean retainedOnly) {
        for (Arena a : arenas) {
            if (memory.fits(need)) {
                return true;
            }
            a.pages().unmapFree(memory.shortfall(need), retainedOnly);
        }
        return memory.fits(need);
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
