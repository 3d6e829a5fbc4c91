package org.jmalloc.allocator.extent;

/**
 * One arena's free extents, a set per free state ({@link Extent#DIRTY}, {@link Extent#MUZZY},
 * {@link Extent#RETAINED}), each kept twice: by size class and address ({@link SizeBins}, jemalloc's
 * {@code eset}: the smallest fitting class at the lowest address, or the lowest address of all) and
 * by age (a list, oldest first, for decay). An extent is in exactly the set of its {@code state}
 * while it is free, and in none while active, pooled or handed between arenas. Not thread-safe: the
 * arena's page lock guards it.
 */
final class ExtentSets {

    private final SizeBins[] bySize = new SizeBins[Extent.RETAINED + 1];
    private final AgeList[] byAge = new AgeList[Extent.RETAINED + 1];

    ExtentSets(int lgPage) {
        for (byte s = Extent.DIRTY; s <= Extent.RETAINED; s++) {
            bySize[s] = new SizeBins(lgPage);
            byAge[s] = new AgeList();
        }
    }

    /** Heap bytes of the size bins' trees. */
    long metadataBytes() {
        long sum = 0;
        for (byte s = Extent.DIRTY; s <= Extent.RETAINED; s++) {
            sum += bySize[s].metadataBytes();
        }
        return sum;
    }

    /** Adds a free extent to the set of its state, as the newest. */
    void add(Extent e) {
        bySize[e.state].insert(e);
        byAge[e.state].addNewest(e);
    }

    /** Removes a free extent from the set of its state. */
    void remove(Extent e) {
        bySize[e.state].remove(e);
        byAge[e.state].remove(e);
    }

    /**
     * Gives the first {@code bytes} of the free extent {@code e} away: it stays in its set, as old
     * as it was (its remaining pages were freed when it was), with its base moved up.
     */
    void trimFront(Extent e, long bytes) {
        bySize[e.state].trimFront(e, bytes);
    }

    /** The lowest-address extent of {@code state} of at least {@code size} bytes, or null. */
    Extent firstFit(byte state, long size) {
        return bySize[state].firstFit(size);
    }

    /**
     * The lowest-address extent of {@code state} of at least {@code size} bytes in the smallest size
     * class that has one, or null when none of up to {@code maxSize} bytes is free
     * ({@link SizeBins#bestFit}).
     */
    Extent bestFit(byte state, long size, long maxSize) {
        return bySize[state].bestFit(size, maxSize);
    }

    /** The extent of {@code state} that became free first, or null. */
    Extent oldest(byte state) {
        return byAge[state].oldest;
    }

    /** Bytes in the set of {@code state}. */
    long bytes(byte state) {
        return bySize[state].bytes();
    }

    boolean isEmpty(byte state) {
        return bySize[state].isEmpty();
    }

    /** Free extents of one state, oldest first, linked through {@code Extent.older/newer}. */
    private static final class AgeList {
        Extent oldest;
        Extent newest;

        void addNewest(Extent e) {
            e.older = newest;
            e.newer = null;
            if (newest != null) {
                newest.newer = e;
            } else {
                oldest = e;
            }
            newest = e;
        }

        void remove(Extent e) {
            if (e.older != null) {
                e.older.newer = e.newer;
            } else {
                oldest = e.newer;
            }
            if (e.newer != null) {
                e.newer.older = e.older;
            } else {
                newest = e.older;
            }
            e.older = null;
            e.newer = null;
        }
    }
}
