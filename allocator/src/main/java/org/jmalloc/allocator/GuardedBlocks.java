package org.jmalloc.allocator;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jmalloc.allocator.extent.AddressMap;
import org.jmalloc.allocator.extent.Extent;
import org.jmalloc.allocator.extent.MappedMemory;

/**
 * Guard pages ({@link SafetyOptions#guardLargeEvery()}): every Nth large block gets a mapping of
 * its own with one inaccessible page ({@code PROT_NONE}) on each side, so that running off either
 * end faults at once with {@code SIGSEGV} instead of corrupting a neighbour.
 *
 * <pre>
 *   | guard page | block (usable bytes, page multiple) | guard page |
 *   ^ mapping    ^ address handed out                   ^ address + usable: the first byte past the end
 * </pre>
 *
 * A guarded block lives outside the arenas' page runs: it is registered in the address map (so
 * {@code free}, {@code usableSize} and the error messages find it) but not in the page index (so
 * its free always takes the slow path, which unmaps it here) nor in the arena's stats; realloc
 * moves it. Thread-safe.
 */
final class GuardedBlocks {

    private final MappedMemory memory;
    private final AddressMap map;
    private final long page;
    private final int every;
    private final AtomicLong largeAllocations = new AtomicLong();
    private final ConcurrentHashMap<Long, Extent> live = new ConcurrentHashMap<>();

    GuardedBlocks(MappedMemory memory, AddressMap map, long page, int every) {
        this.memory = memory;
        this.map = map;
        this.page = page;
        this.every = every;
    }

    /** Whether the large allocation about to happen is one of every Nth. */
    boolean due() {
        return largeAllocations.incrementAndGet() % every == 0;
    }

    /** A guarded block of class {@code sizeClass} ({@code usable} bytes, a page multiple). */
    Extent allocate(int sizeClass, long usable, int arena, long request) {
        Extent e = new Extent();
        e.base = memory.mapGuarded(usable, page, request);
        e.size = usable;
        e.state = Extent.ACTIVE;
        e.sizeClass = sizeClass;
        e.slab = false;
        e.arena = arena;
        map.setBoundary(e);
        live.put(e.base, e);
        return e;
    }

    /** Whether {@code e} is a guarded block. */
    boolean owns(Extent e) {
        return live.get(e.base) == e;
    }

    /** Frees a guarded block: unmaps it with its guards. False when {@code e} is not one. */
    boolean free(Extent e) {
        if (!live.remove(e.base, e)) {
            return false;
        }
        e.state = Extent.UNUSED; // a later free of the address is reported, not obeyed
        memory.unmapGuarded(e.base, e.size, page);
        return true;
    }
}
