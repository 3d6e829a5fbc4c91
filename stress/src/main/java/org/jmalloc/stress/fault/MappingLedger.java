package org.jmalloc.stress.fault;

import java.util.Map;
import java.util.TreeMap;

/**
 * The ranges an {@link org.jmalloc.allocator.os.OsMemory} has mapped and not unmapped, to check
 * the OS layer's preconditions (every range passed back lies inside live mappings) and to count
 * the bytes mapped now. Thread-safe (one lock; OS calls are rare next to mallocs).
 *
 * <p>Invariant: the intervals are disjoint and {@code mappedBytes == Σ(end - start)}. An unmap
 * of part of a mapping splits it, as {@code munmap} does. A range may span several adjacent
 * mappings (the kernel treats neighbouring anonymous mappings as one area, and an allocator may
 * merge extents across them); such calls are allowed and counted ({@link #spanningCalls()}),
 * since an OS layer that must release exactly what it mapped could not serve them.
 */
final class MappingLedger {

    private final TreeMap<Long, Long> ranges = new TreeMap<>(); // start -> end
    private long mappedBytes;
    private long windowPeak;
    private long spanningCalls;

    synchronized void mapped(long address, long size) {
        ranges.put(address, address + size);
        mappedBytes += size;
        windowPeak = Math.max(windowPeak, mappedBytes);
    }

    /**
     * Checks that {@code [address, address + size)} is covered by live mappings, counting it
     * when it spans more than one.
     *
     * @return null, or why the range is not covered
     */
    synchronized String checkCovered(long address, long size) {
        long end = address + size;
        Map.Entry<Long, Long> e = ranges.floorEntry(address);
        if (e == null || e.getValue() <= address) {
            return String.format("range [0x%x, 0x%x) starts outside every mapping the OS layer returned%s",
                    address, end, e == null ? "" : String.format(" (nearest mapping below: [0x%x, 0x%x))",
                            e.getKey(), e.getValue()));
        }
        long covered = e.getValue();
        int pieces = 1;
        while (covered < end) {
            Long next = ranges.get(covered) == null ? null : covered;
            if (next == null) {
                return String.format("range [0x%x, 0x%x) runs past the mappings the OS layer returned at 0x%x",
                        address, end, covered);
            }
            covered = ranges.get(next);
            pieces++;
        }
        if (pieces > 1) {
            spanningCalls++;
        }
        return null;
    }

    /** Removes the range; it must be covered (check first). */
    synchronized void unmapped(long address, long size) {
        long end = address + size;
        long at = address;
        while (at < end) {
            Map.Entry<Long, Long> e = ranges.floorEntry(at);
            long start = e.getKey();
            long stop = e.getValue();
            ranges.remove(start);
            if (start < at) {
                ranges.put(start, at);
            }
            if (end < stop) {
                ranges.put(end, stop);
            }
            at = Math.min(stop, end);
        }
        mappedBytes -= size;
    }

    synchronized long mappedBytes() {
        return mappedBytes;
    }

    /** OS calls whose range spanned more than one mapping. */
    synchronized long spanningCalls() {
        return spanningCalls;
    }

    /** Starts a window: {@link #windowPeak()} is the most bytes mapped at any moment since. */
    synchronized void openWindow() {
        windowPeak = mappedBytes;
    }

    synchronized long windowPeak() {
        return Math.max(windowPeak, mappedBytes);
    }
}
