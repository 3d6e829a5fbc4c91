package org.jmalloc.allocator.slab;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jmalloc.allocator.extent.Extent;
import org.jmalloc.allocator.extent.MappedMemory;

/**
 * Guard pages around slabs ({@code SafetyOptions.guardSlabEvery()}): every Nth new slab gets a
 * mapping of its own with one inaccessible page ({@code PROT_NONE}) on each side, so that running
 * off the first or the last region faults at once with {@code SIGSEGV}.
 *
 * <pre>
 *   | guard page | reg 0 | reg 1 | … | reg n−1 | guard page |
 *   ^ mapping    ^ slab.base                   ^ slab.end(): the first byte past the last region
 * </pre>
 *
 * A guarded slab is a slab like any other for its bin, the address map and the page index (its
 * regions take the fast paths, the thread caches keep them); only its pages come from here and go
 * back here (unmapped with their guards) instead of the arena's page runs, so they are not in the
 * arena's page counters (the allocator's {@code active} total adds {@link #liveBytes()}). A bin asks {@link #due()} only when it needs a new slab, so an allocator
 * without slab guards (a null {@code SlabGuards}) pays one null test per new slab. Thread-safe.
 */
public final class SlabGuards {

    private final MappedMemory memory;
    private final long page;
    private final int every;
    private final AtomicLong newSlabs = new AtomicLong();
    private final ConcurrentHashMap<Long, Extent> live = new ConcurrentHashMap<>();
    private final AtomicLong liveBytes = new AtomicLong();

    /** Guards around every {@code every}th new slab (1: every slab). */
    public SlabGuards(MappedMemory memory, long page, int every) {
        if (every <= 0) {
            throw new IllegalArgumentException("slab guard interval must be positive, not " + every);
        }
        this.memory = memory;
        this.page = page;
        this.every = every;
    }

    /** Whether the new slab about to be made is one of every Nth. */
    boolean due() {
        return newSlabs.incrementAndGet() % every == 0;
    }

    /** A guarded run of {@code slabSize} bytes (a page multiple) for a slab of arena {@code arena}. */
    Extent allocate(long slabSize, int arena) {
        Extent e = new Extent();
        e.base = memory.mapGuarded(slabSize, page, slabSize);
        e.size = slabSize;
        e.state = Extent.ACTIVE;
        e.arena = arena;
        live.put(e.base, e);
        liveBytes.addAndGet(slabSize);
        return e;
    }

    /** Unmaps a guarded slab with its guards; false when {@code slab} is not one (its pages go back to the arena). */
    boolean release(Extent slab) {
        if (!live.remove(slab.base, slab)) {
            return false;
        }
        liveBytes.addAndGet(-slab.size);
        slab.state = Extent.UNUSED; // a later free of one of its addresses is reported, not obeyed
        memory.unmapGuarded(slab.base, slab.size, page);
        return true;
    }

    /** Guarded slabs now. */
    public int liveSlabs() {
        return live.size();
    }

    /** Bytes of guarded slabs now (guard pages not counted). */
    public long liveBytes() {
        return liveBytes.get();
    }
}
