package org.jmalloc.allocator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jmalloc.allocator.os.OsMemory;

/**
 * The system's memory seen through a test's eyes: counts the bytes mapped and unmapped, records each
 * mapping and each huge-page advice, and can refuse mappings larger than a threshold the way
 * {@code mmap} fails when the OS is out of memory, or refuse every huge-page advice the way a kernel
 * without transparent huge pages does.
 */
final class TestOsMemory implements OsMemory {

    private final OsMemory system = OsMemory.system();
    private final long largestMapping;
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicLong mapped = new AtomicLong();
    private final AtomicLong unmapped = new AtomicLong();
    private final List<List<Long>> maps = new ArrayList<>();
    private final List<List<Long>> advice = new ArrayList<>();
    private volatile boolean refuseAdvice;

    private TestOsMemory(long largestMapping) {
        this.largestMapping = largestMapping;
    }

    /** Refuses every {@link #map(long)} of more than {@code largestMapping} bytes. */
    static TestOsMemory refusingAbove(long largestMapping) {
        return new TestOsMemory(largestMapping);
    }

    /** Refuses nothing; only counts. */
    static TestOsMemory counting() {
        return new TestOsMemory(Long.MAX_VALUE);
    }

    int refusals() {
        return refused.get();
    }

    long bytesMapped() {
        return mapped.get();
    }

    long bytesUnmapped() {
        return unmapped.get();
    }

    /** Makes every later huge-page advice fail. */
    void refuseHugePageAdvice() {
        refuseAdvice = true;
    }

    /** Every successful {@link #map} as {@code [base, size]}, in call order. */
    synchronized List<List<Long>> maps() {
        return List.copyOf(maps);
    }

    /** Every {@link #adviseHugePages} call as {@code [address, size, 1 for huge or 0]}, in call order. */
    synchronized List<List<Long>> advice() {
        return List.copyOf(advice);
    }

    @Override
    public long pageSize() {
        return system.pageSize();
    }

    @Override
    public long map(long size) {
        if (size > largestMapping) {
            refused.incrementAndGet();
            throw new OutOfMemoryError("mmap of " + size + " bytes failed: errno 12 (Cannot allocate memory)");
        }
        long address = system.map(size);
        mapped.addAndGet(size);
        synchronized (this) {
            maps.add(List.of(address, size));
        }
        return address;
    }

    @Override
    public void unmap(long address, long size) {
        system.unmap(address, size);
        unmapped.addAndGet(size);
    }

    @Override
    public boolean purgeLazy(long address, long size) {
        return system.purgeLazy(address, size);
    }

    @Override
    public void purgeForced(long address, long size) {
        system.purgeForced(address, size);
    }

    @Override
    public boolean adviseHugePages(long address, long size, boolean huge) {
        synchronized (this) {
            advice.add(List.of(address, size, huge ? 1L : 0L));
        }
        return !refuseAdvice && system.adviseHugePages(address, size, huge);
    }
}
