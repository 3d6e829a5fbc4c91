package org.jmalloc.allocator.prof;

import java.util.ArrayList;
import java.util.List;

/**
 * The live samples by block address, in an open-addressing table of primitive keys (linear
 * probing, deletion by backward shift, so no tombstones pile up): a lookup, insertion or removal
 * allocates nothing and touches one or two cache lines. A {@code HashMap<Long, Sample>} boxed the
 * address of every lookup and chained a node per entry. Not thread-safe: {@link HeapProfiler}'s
 * lock guards it.
 */
final class LiveSamples {

    /** Addresses per slot, 0 for an empty one (no block lives at address 0). */
    private long[] keys = new long[16];
    private Sample[] values = new Sample[16];
    private int size;

    int size() {
        return size;
    }

    /** The sample at {@code address}, or null. */
    Sample get(long address) {
        int mask = keys.length - 1;
        for (int i = slot(address, mask); keys[i] != 0; i = (i + 1) & mask) {
            if (keys[i] == address) {
                return values[i];
            }
        }
        return null;
    }

    /** Puts the sample at its address, replacing (and returning) the one there, or null. */
    Sample put(Sample s) {
        long address = s.address();
        if (address == 0) {
            throw new IllegalArgumentException("a sample at address 0");
        }
        int mask = keys.length - 1;
        int i = slot(address, mask);
        for (; keys[i] != 0; i = (i + 1) & mask) {
            if (keys[i] == address) {
                Sample old = values[i];
                values[i] = s;
                return old;
            }
        }
        keys[i] = address;
        values[i] = s;
        if (2 * ++size > keys.length) {
            grow();
        }
        return null;
    }

    /** Removes and returns the sample at {@code address}, or null. */
    Sample remove(long address) {
        int mask = keys.length - 1;
        int i = slot(address, mask);
        while (keys[i] != address) {
            if (keys[i] == 0) {
                return null;
            }
            i = (i + 1) & mask;
        }
        Sample removed = values[i];
        // Backward shift: move each later entry of the probe run into the hole when the hole lies
        // between its home slot and where it sits (cyclically), so every lookup still finds it.
        int hole = i;
        for (int j = (i + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = 0;
        values[hole] = null;
        size--;
        return removed;
    }

    /** The live samples, in table order. */
    List<Sample> all() {
        List<Sample> out = new ArrayList<>(size);
        for (Sample s : values) {
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private void grow() {
        long[] oldKeys = keys;
        Sample[] oldValues = values;
        keys = new long[2 * oldKeys.length];
        values = new Sample[2 * oldKeys.length];
        int mask = keys.length - 1;
        for (int k = 0; k < oldKeys.length; k++) {
            if (oldKeys[k] != 0) {
                int i = slot(oldKeys[k], mask);
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[k];
                values[i] = oldValues[k];
            }
        }
    }

    /** Block addresses are multiples of 16 or of the page size: a multiplicative hash spreads them. */
    private static int slot(long address, int mask) {
        return (int) ((address * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }
}
