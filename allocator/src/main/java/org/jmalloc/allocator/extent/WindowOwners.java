package org.jmalloc.allocator.extent;

import java.util.Arrays;

/**
 * {@link PageIndex}'s record of who is charged for each of its pages, one {@code int[512]} per 2 MiB
 * window of index address space, found by window number in an open-addressing table of primitive
 * keys: a lookup allocates nothing, whichever window it asks for. (A {@code Map<Long, int[]>} boxed
 * the key of every lookup outside {@code Long}'s small cache, and registering a large block touches
 * the root's window and a leaf's in turn, so each large malloc and free allocated on the Java heap
 * on some address layouts and not on others.) Not thread-safe: {@code PageIndex}'s lock guards it.
 */
final class WindowOwners {

    /** Pages per window. */
    static final int PAGES = 512;

    /** {@code window + 1} per slot, 0 for an empty one (windows are non-negative). */
    private long[] keys = new long[16];
    private int[][] owners = new int[16][];
    private int size;

    /** The window's owners, or null when none of its pages was ever touched. */
    int[] get(long window) {
        int mask = keys.length - 1;
        for (int i = slot(window, mask); keys[i] != 0; i = (i + 1) & mask) {
            if (keys[i] == window + 1) {
                return owners[i];
            }
        }
        return null;
    }

    /** The window's owners, created (all 0: untouched) on the first call for it. */
    int[] getOrCreate(long window) {
        int[] found = get(window);
        if (found != null) {
            return found;
        }
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int[] created = new int[PAGES];
        put(window + 1, created);
        size++;
        return created;
    }

    /** Every window's owners (each exactly once), for a pass over all of them. */
    Iterable<int[]> all() {
        return () -> Arrays.stream(owners).filter(o -> o != null).iterator();
    }

    private void put(long key, int[] value) {
        int mask = keys.length - 1;
        int i = slot(key - 1, mask);
        while (keys[i] != 0) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        owners[i] = value;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[][] oldOwners = owners;
        keys = new long[2 * oldKeys.length];
        owners = new int[2 * oldKeys.length][];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                put(oldKeys[i], oldOwners[i]);
            }
        }
    }

    private static int slot(long window, int mask) {
        return (int) ((window * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }
}
