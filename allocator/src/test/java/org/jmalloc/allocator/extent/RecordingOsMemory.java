package org.jmalloc.allocator.extent;

import java.util.ArrayList;
import java.util.List;
import org.jmalloc.allocator.os.OsMemory;

/**
 * The system's memory, recording every mapping so a test can walk all the memory a page allocator
 * owns, and counting bytes mapped, unmapped and purged so it can check that closing gives
 * everything back.
 */
final class RecordingOsMemory implements OsMemory {

    private final OsMemory system = OsMemory.system();
    private final List<long[]> mappings = new ArrayList<>();
    private long mappedBytes;
    private long unmappedBytes;
    private long lazyPurges;
    private long forcedPurges;

    @Override
    public long pageSize() {
        return system.pageSize();
    }

    @Override
    public synchronized long map(long size) {
        long base = system.map(size);
        mappings.add(new long[] {base, size});
        mappedBytes += size;
        return base;
    }

    @Override
    public synchronized void unmap(long address, long size) {
        system.unmap(address, size);
        unmappedBytes += size;
    }

    @Override
    public synchronized boolean purgeLazy(long address, long size) {
        lazyPurges++;
        return system.purgeLazy(address, size);
    }

    @Override
    public synchronized void purgeForced(long address, long size) {
        forcedPurges++;
        system.purgeForced(address, size);
    }

    /** Every {@link #map} result as {@code {base, size}}, in call order. */
    synchronized List<long[]> mappings() {
        return new ArrayList<>(mappings);
    }

    synchronized long mappedBytes() {
        return mappedBytes;
    }

    synchronized long unmappedBytes() {
        return unmappedBytes;
    }

    synchronized long lazyPurges() {
        return lazyPurges;
    }

    synchronized long forcedPurges() {
        return forcedPurges;
    }
}
