package org.jmalloc.stress.check;

import java.util.Map;
import java.util.TreeMap;

/**
 * A sampled map of live blocks that proves no two of them overlap. Thread-safe (one lock; only
 * sampled blocks take it).
 *
 * <h2>Design</h2>
 * A block is in the sample when {@code mix64(address) & mask == 0}. The decision depends on the
 * address alone, so the free of a block finds it again without extra state, and two blocks at
 * the same address (the worst overlap, a block handed out twice) are always sampled together.
 * Invariant, checked on every insert: the sampled intervals {@code [start, end)} are pairwise
 * disjoint. Blocks are inserted after the allocator returns them and removed before they are
 * handed back, so a range reused by another thread right after a free can never be seen as an
 * overlap: the map holds only blocks that are live for certain.
 */
public final class ShadowMap {

    private final long mask;
    private final TreeMap<Long, Entry> live = new TreeMap<>();

    private record Entry(long end, long size, String thread) {}

    /** @param sampleShift sample one address in {@code 2^sampleShift}; 0 samples every block */
    public ShadowMap(int sampleShift) {
        if (sampleShift < 0 || sampleShift > 30) {
            throw new IllegalArgumentException("invalid shadow sample shift " + sampleShift
                    + ": must be between 0 (every block) and 30");
        }
        this.mask = (1L << sampleShift) - 1;
    }

    /** Whether the block at {@code address} is in the sample. */
    public boolean sampled(long address) {
        return (BlockCookie.mix64(address) & mask) == 0;
    }

    /**
     * Adds a live block {@code [start, start + size)}.
     *
     * @return null, or a description of the live block it overlaps (then it is not added)
     */
    public String add(long start, long size) {
        long end = start + size;
        String thread = Thread.currentThread().getName();
        synchronized (live) {
            Map.Entry<Long, Entry> below = live.floorEntry(start);
            if (below != null && below.getValue().end() > start) {
                return describe(below);
            }
            Map.Entry<Long, Entry> above = live.higherEntry(start);
            if (above != null && above.getKey() < end) {
                return describe(above);
            }
            live.put(start, new Entry(end, size, thread));
            return null;
        }
    }

    /** Removes the block at {@code start} if it is there with that size. */
    public void remove(long start, long size) {
        synchronized (live) {
            Entry e = live.get(start);
            if (e != null && e.size() == size) {
                live.remove(start);
            }
        }
    }

    /** Sampled blocks live now. */
    public int size() {
        synchronized (live) {
            return live.size();
        }
    }

    private static String describe(Map.Entry<Long, Entry> e) {
        return String.format("live block 0x%x (%d usable bytes, allocated by %s)",
                e.getKey(), e.getValue().size(), e.getValue().thread());
    }
}
