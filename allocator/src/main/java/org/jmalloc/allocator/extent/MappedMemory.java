package org.jmalloc.allocator.extent;

import java.util.concurrent.atomic.LongAdder;
import org.jmalloc.allocator.os.OsMemory;
import org.jmalloc.allocator.os.Thp;

/**
 * Every mapping an allocator owns, shared by its arenas: maps with logical-page alignment, enforces
 * the allocator's {@code maxBytes}, remembers what to unmap on close, and is the one way to the OS
 * for the allocator's memory, so it counts every call: {@link #mmapCalls()}, {@link #munmapCalls()},
 * {@link #madviseCalls()} (calls of {@link OsMemory#map}, {@link OsMemory#unmap} and
 * {@link OsMemory#purgeLazy}/{@link OsMemory#purgeForced}/{@link OsMemory#adviseHugePages},
 * counted as they are made, failed ones included).
 *
 * <p>A logical page larger than the OS page (16K/64K on a 4K machine) is honoured by mapping one
 * extra logical page and unmapping the unaligned head and tail. With a {@link Thp} setting other
 * than {@link Thp#DEFAULT}, every new mapping gets its huge-page advice right after it is mapped
 * (one {@code madvise} over the whole mapping, counted with the others); a refused advice is
 * counted in {@link #hugePageAdviceRefused()} and the mapping is used as it is.
 *
 * <p>The record of mappings is exact even when arenas give retained ranges back with
 * {@link #unmap} (when the limit is reached): {@link #close()} must unmap only what is still ours,
 * since the OS may have handed a released range to someone else.
 */
public final class MappedMemory {

    private final OsMemory os;
    private final long pageSize;
    private final long maxBytes;
    private final Thp thp;
    private long mappedBytes;
    /** Base → size of every range still mapped; disjoint. */
    private final java.util.TreeMap<Long, Long> mappings = new java.util.TreeMap<>();
    private long mapCalls;
    private boolean closed;
    private final LongAdder mmaps = new LongAdder();
    private final LongAdder munmaps = new LongAdder();
    private final LongAdder madvises = new LongAdder();
    private final LongAdder adviceRefused = new LongAdder();
    private final MetadataBase metadata;

    public MappedMemory(OsMemory os, long pageSize, long maxBytes) {
        this(os, pageSize, maxBytes, Thp.DEFAULT);
    }

    /** @param thp the huge-page advice every new mapping gets */
    public MappedMemory(OsMemory os, long pageSize, long maxBytes, Thp thp) {
        this.os = os;
        this.pageSize = pageSize;
        this.maxBytes = maxBytes;
        this.thp = java.util.Objects.requireNonNull(thp, "thp");
        this.metadata = new MetadataBase(os, this);
    }

    /** The off-heap memory for the arenas' bookkeeping (slab bitmaps), unmapped with the rest on {@link #close()}. */
    public MetadataBase metadata() {
        return metadata;
    }

    /** How many bytes would have to be unmapped for another {@code size} bytes to fit (0 when they do). */
    public synchronized long shortfall(long size) {
        return Math.max(0, mappedBytes + size - maxBytes);
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
        reserve(size, "cannot allocate " + request + " bytes");
        long base;
        try {
            base = mapAligned(size);
        } catch (OutOfMemoryError e) {
            unreserve(size);
            throw new OutOfMemoryError("cannot allocate " + request + " bytes: " + e.getMessage());
        }
        if (base + size > AddressMap.ADDRESS_LIMIT) {
            osUnmap(base, size);
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
        advise(base, size);
        return base;
    }

    /**
     * Maps a chunk for {@link #metadata()}: under the limit as blocks' mappings are (so that the
     * allocator never has more than {@code maxBytes} mapped from the OS), advised as they are, but
     * not in the mappings {@link #close()} walks (the base unmaps its own chunks).
     *
     * @throws LimitExceeded when the limit would be exceeded (the caller's reclaim makes room and retries)
     */
    long mapMetadata(long size) {
        reserve(size, "cannot map " + size + " bytes for the allocator's metadata");
        long base;
        try {
            base = osMap(size);
        } catch (OutOfMemoryError e) {
            unreserve(size);
            throw e;
        }
        advise(base, size);
        return base;
    }

    /**
     * Counts {@code size} bytes as mapped before the system call, so that concurrent arenas respect the limit.
     *
     * @param what the start of the refusal's message
     * @throws LimitExceeded when they would not fit under the limit
     */
    private synchronized void reserve(long size, String what) {
        if (closed) {
            throw new IllegalStateException("allocator is closed");
        }
        if (mappedBytes + size > maxBytes) {
            throw new LimitExceeded(what + ": the allocator's limit of " + maxBytes + " mapped bytes would be exceeded");
        }
        mappedBytes += size;
    }

    private synchronized void unreserve(long size) {
        mappedBytes -= size;
    }

    private void advise(long base, long size) {
        if (thp != Thp.DEFAULT) {
            madvises.increment();
            if (!os.adviseHugePages(base, size, thp == Thp.ALWAYS)) {
                adviceRefused.increment();
            }
        }
    }

    /** The huge-page advice every new mapping gets. */
    public Thp thp() {
        return thp;
    }

    /** Mappings whose huge-page advice the OS refused (a kernel without transparent huge pages). */
    public long hugePageAdviceRefused() {
        return adviceRefused.sum();
    }

    private long mapAligned(long size) {
        long osPage = os.pageSize();
        if (pageSize <= osPage) {
            return osMap(size);
        }
        long raw = osMap(size + pageSize);
        long base = (raw + pageSize - 1) & -pageSize;
        if (base > raw) {
            osUnmap(raw, base - raw);
        }
        long tail = raw + size + pageSize - (base + size);
        if (tail > 0) {
            osUnmap(base + size, tail);
        }
        return base;
    }

    /**
     * Gives a range back to the OS. The range lies inside memory this object mapped; it may span
     * adjacent mappings (arenas coalesce free extents across them).
     */
    public synchronized void unmap(long base, long size) {
        osUnmap(base, size);
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

    /** Mappings made (successful {@link #map} calls). */
    public synchronized long mapCalls() {
        return mapCalls;
    }

    /**
     * Tells the OS it may take the pages lazily ({@link OsMemory#purgeLazy}, counted).
     *
     * @return false when the OS has no lazy purge (the caller purges forcibly)
     */
    public boolean purgeLazy(long address, long size) {
        madvises.increment();
        return os.purgeLazy(address, size);
    }

    /** Releases the pages now ({@link OsMemory#purgeForced}, counted). */
    public void purgeForced(long address, long size) {
        madvises.increment();
        os.purgeForced(address, size);
    }

    /**
     * Sets the protection of pages inside a mapping ({@link OsMemory#protect}: the guard pages
     * around guarded blocks). Not one of the counted calls: only guarded allocations make it.
     */
    public void protect(long address, long size, boolean accessible) {
        os.protect(address, size, accessible);
    }

    /**
     * Maps {@code usable} bytes with one inaccessible ({@code PROT_NONE}) page of {@code guard}
     * bytes on each side, and returns the address of the usable bytes (the mapping starts
     * {@code guard} bytes before it): the guarded large blocks' and guarded slabs' pages.
     *
     * @throws OutOfMemoryError as {@link #map} does
     */
    public long mapGuarded(long usable, long guard, long request) {
        long base = map(usable + 2 * guard, request);
        try {
            protect(base, guard, false);
            protect(base + guard + usable, guard, false);
        } catch (RuntimeException e) {
            unmap(base, usable + 2 * guard);
            throw e;
        }
        return base + guard;
    }

    /** Unmaps what {@link #mapGuarded} mapped at {@code address}, guards included. */
    public void unmapGuarded(long address, long usable, long guard) {
        unmap(address - guard, usable + 2 * guard);
    }

    /** Calls of {@link OsMemory#map} so far (one per mapping, whatever the logical page). */
    public long mmapCalls() {
        return mmaps.sum();
    }

    /** Calls of {@link OsMemory#unmap} so far: trims of over-aligned mappings, limit reclaims, close. */
    public long munmapCalls() {
        return munmaps.sum();
    }

    /**
     * Calls of {@link OsMemory#purgeLazy} and {@link OsMemory#purgeForced} so far (decay and purge),
     * and of {@link OsMemory#adviseHugePages} (one per mapping with a {@link Thp} setting).
     */
    public long madviseCalls() {
        return madvises.sum();
    }

    private long osMap(long size) {
        mmaps.increment();
        return os.map(size);
    }

    /** Unmaps a chunk of {@link #metadata()}, counted. */
    void osUnmapMetadata(long address, long size) {
        osUnmap(address, size);
    }

    private void osUnmap(long address, long size) {
        munmaps.increment();
        os.unmap(address, size);
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
            osUnmap(m.getKey(), m.getValue());
        }
        mappings.clear();
        mappedBytes = 0;
        metadata.close();
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

    /** The limit this memory enforces ({@code maxBytes}; {@code Long.MAX_VALUE} when unlimited). */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * The allocator's {@code maxBytes} would be exceeded: the allocator reclaims memory other arenas
     * hold unused and retries once; when the retry fails too, the application gets an
     * {@link OutOfMemoryError} of its own with this message. Without a stack trace: it is the
     * signal between the mapping and the reclaim, thrown and caught on every allocation that meets
     * the limit, and a program that lives at its limit meets it thousands of times a second.
     */
    public static final class LimitExceeded extends OutOfMemoryError {
        LimitExceeded(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
