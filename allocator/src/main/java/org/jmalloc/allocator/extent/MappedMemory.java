package org.jmalloc.allocator.extent;

import org.jmalloc.allocator.os.OsMemory;

/**
 * Every mapping an allocator owns, shared by its arenas: maps with logical-page alignment, enforces
 * the allocator's {@code maxBytes}, remembers what to unmap on close, and counts the OS calls.
 *
 * <p>A logical page larger than the OS page (16K/64K on a 4K machine) is honoured by mapping one
 * extra logical page and unmapping the unaligned head and tail.
 *
 * <p>The record of mappings is exact even when arenas give retained ranges back with
 * {@link #unmap} (when the limit is reached): {@link #close()} must unmap only what is still ours,
 * since the OS may have handed a released range to someone else.
 */
public final class MappedMemory {

    private final OsMemory os;
    private final long pageSize;
    private final long maxBytes;
    private long mappedBytes;
    /** Base → size of every range still mapped; disjoint. */
    private final java.util.TreeMap<Long, Long> mappings = new java.util.TreeMap<>();
    private long mapCalls;
    private boolean closed;

    public MappedMemory(OsMemory os, long pageSize, long maxBytes) {
        this.os = os;
        this.pageSize = pageSize;
        this.maxBytes = maxBytes;
    }

    public OsMemory os() {
        return os;
    }

    /** Whether another {@code size} bytes fit under the limit. */
    public synchronized boolean fits(long size) {
        return mappedBytes + size <= maxBytes;
    }

    /**
     * Maps {@code size} bytes (a multiple of the logical page) aligned to the logical page.
     *
     * @param request the application's request, for the error message
     * @throws OutOfMemoryError when the limit would be exceeded or the OS refuses
     */
    public long map(long size, long request) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("allocator is closed");
            }
            if (mappedBytes + size > maxBytes) {
                throw new LimitExceeded("cannot allocate " + request + " bytes: the allocator's limit of "
                        + maxBytes + " mapped bytes would be exceeded");
            }
            mappedBytes += size; // reserve before the syscall so concurrent arenas respect the limit
        }
        long base;
        try {
            base = mapAligned(size);
        } catch (OutOfMemoryError e) {
            synchronized (this) {
                mappedBytes -= size;
            }
            throw new OutOfMemoryError("cannot allocate " + request + " bytes: " + e.getMessage());
        }
        if (base + size > AddressMap.ADDRESS_LIMIT) {
            os.unmap(base, size);
            synchronized (this) {
                mappedBytes -= size;
            }
            throw new OutOfMemoryError(String.format("cannot allocate %d bytes: the OS mapped 0x%x, above the "
                    + "48-bit address range the address map covers", request, base));
        }
        synchronized (this) {
            mappings.put(base, size);
            mapCalls++;
        }
        return base;
    }

    private long mapAligned(long size) {
        long osPage = os.pageSize();
        if (pageSize <= osPage) {
            return os.map(size);
        }
        long raw = os.map(size + pageSize);
        long base = (raw + pageSize - 1) & -pageSize;
        if (base > raw) {
            os.unmap(raw, base - raw);
        }
        long tail = raw + size + pageSize - (base + size);
        if (tail > 0) {
            os.unmap(base + size, tail);
        }
        return base;
    }

    /**
     * Gives a range back to the OS. The range lies inside memory this object mapped; it may span
     * adjacent mappings (arenas coalesce free extents across them).
     */
    public synchronized void unmap(long base, long size) {
        os.unmap(base, size);
        long end = base + size;
        Long first = mappings.floorKey(base);
        if (first == null || first + mappings.get(first) <= base) {
            first = base;
        }
        // Copy the overlapping records out before editing the map they come from.
        long[][] hit = mappings.subMap(first, true, end, false).entrySet().stream()
                .map(m -> new long[] {m.getKey(), m.getKey() + m.getValue()})
                .toArray(long[][]::new);
        for (long[] m : hit) {
            mappings.remove(m[0]);
            if (m[0] < base) {
                mappings.put(m[0], base - m[0]);
            }
            if (m[1] > end) {
                mappings.put(end, m[1] - end);
            }
        }
        mappedBytes -= size;
    }

    public synchronized long mappedBytes() {
        return mappedBytes;
    }

    public synchronized long mapCalls() {
        return mapCalls;
    }

    /**
     * Unmaps everything; later {@link #map} calls throw. The {@link PageIndex} entries of the
     * mapped ranges (the live slabs and cached blocks of their owner) are cleared first, so no
     * entry outlives its memory.
     */
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (var m : mappings.entrySet()) {
            PageIndex.clear(m.getKey(), m.getValue());
            os.unmap(m.getKey(), m.getValue());
        }
        mappings.clear();
        mappedBytes = 0;
    }

    /** The base of the mapping that holds {@code address}, or -1 when no mapping does. */
    public synchronized long mappingBase(long address) {
        var m = mappings.floorEntry(address);
        return m != null && address - m.getKey() < m.getValue() ? m.getKey() : -1;
    }

    /** Ranges still mapped, base → size (for tests and diagnostics). */
    public synchronized java.util.SortedMap<Long, Long> mappings() {
        return new java.util.TreeMap<>(mappings);
    }

    /**
     * The allocator's {@code maxBytes} would be exceeded: the allocator reclaims memory other arenas
     * hold unused and retries once before it lets this reach the application.
     */
    public static final class LimitExceeded extends OutOfMemoryError {
        LimitExceeded(String message) {
            super(message);
        }
    }
}
