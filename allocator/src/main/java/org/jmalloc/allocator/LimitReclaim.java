package org.jmalloc.allocator;

import org.jmalloc.allocator.arena.Arena;
import org.jmalloc.allocator.extent.MappedMemory;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.jmalloc.allocator.tcache.CacheRegistry;
import org.jmalloc.allocator.tcache.ThreadCache;

/**
 * What the allocator does when its {@code maxBytes} limit stops a mapping
 * ({@link MappedMemory.LimitExceeded}): frees what the limit is holding hostage, cheapest first,
 * until the mapping would fit, so the caller can retry once before the error reaches the
 * application.
 */
final class LimitReclaim {

    private final SizeClasses classes;
    private final Arena[] arenas;
    private final CacheRegistry registry;
    private final MappedMemory memory;

    LimitReclaim(SizeClasses classes, Arena[] arenas, CacheRegistry registry, MappedMemory memory) {
        this.classes = classes;
        this.arenas = arenas;
        this.registry = registry;
        this.memory = memory;
    }

    /**
     * Frees, in this order, until a block of class {@code c} aligned to {@code alignment} could be
     * mapped: the caller's cached blocks and dead threads' caches, then the arenas' retained pages
     * (unmapped: no madvise needed), then their dirty and muzzy pages (purged and unmapped). One
     * arena lock at a time.
     */
    void reclaimFor(int c, long alignment) {
        long need = mappingNeed(c, alignment);
        ThreadCache tc = registry.local();
        if (tc != null) {
            tc.flushAll();
        }
        registry.reapDead();
        for (Arena a : arenas) {
            a.pages().unmapRetained();
            if (memory.fits(need)) {
                return;
            }
        }
        for (Arena a : arenas) {
            a.release();
            if (memory.fits(need)) {
                return;
            }
        }
    }

    /** Bytes a block of class {@code c} may need to map: its slab or its pages, plus alignment slack. */
    private long mappingNeed(int c, long alignment) {
        long bytes = c < classes.smallCount() ? (long) classes.slabPages(c) * classes.pageSize() : classes.sizeOf(c);
        return bytes + Math.max(0, alignment - classes.pageSize());
    }
}
