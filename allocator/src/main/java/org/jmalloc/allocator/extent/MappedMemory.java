package org.jmalloc.allocator.extent;

import org.jmalloc.allocator.os.OsMemory;

/**
 * Every mapping an allocator owns, shared by its arenas: maps with logical-page alignment, enforces
 * the allocator's {@code maxBytes}, remembers what to unmap on close, and counts the OS calls.
 *
 * <p>A logical page larger than the OS page (16K/64K on a 4K machine) is honoured by mapping one
 * extra logical page and unmapping the unaligned head and tail.
 */
public final class MappedMemory {

    private final OsMemory os;
    private final long pageSize;
    private final long maxBytes;
    private long mappedBytes;
    private long[] mappings = new long[32];
    private int count;
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
                throw new OutOfMemoryError("cannot allocate " + request + " bytes: the allocator's limit of "
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
            if (count * 2 == mappings.length) {
                mappings = java.util.Arrays.copyOf(mappings, mappings.length * 2);
            }
            mappings[2 * count] = base;
            mappings[2 * count + 1] = size;
            count++;
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

    public synchronized long mappedBytes() {
        return mappedBytes;
    }

    public synchronized long mapCalls() {
        return mapCalls;
    }

    /** Unmaps everything; later {@link #map} calls throw. */
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = 0; i < count; i++) {
            os.unmap(mappings[2 * i], mappings[2 * i + 1]);
        }
        count = 0;
        mappedBytes = 0;
    }
}
