package org.jmalloc.stress.workload;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.jmalloc.stress.check.CheckedHeap;

/**
 * A growable list of live blocks (address and requested size in parallel arrays). Not
 * thread-safe: one holder at a time; hand it to another thread through a safe publication
 * (a queue, a join) to move the blocks' ownership.
 */
public final class BlockList {

    private long[] addresses;
    private long[] sizes;
    private int size;

    public BlockList(int capacity) {
        addresses = new long[Math.max(4, capacity)];
        sizes = new long[addresses.length];
    }

    /** Appends a block; {@code address} 0 (a failed allocation) is ignored. */
    public void add(long address, long bytes) {
        if (address == 0) {
            return;
        }
        if (size == addresses.length) {
            addresses = Arrays.copyOf(addresses, size * 2);
            sizes = Arrays.copyOf(sizes, size * 2);
        }
        addresses[size] = address;
        sizes[size] = bytes;
        size++;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public long address(int i) {
        return addresses[i];
    }

    public long bytes(int i) {
        return sizes[i];
    }

    /** Replaces entry {@code i}. */
    public void set(int i, long address, long bytes) {
        addresses[i] = address;
        sizes[i] = bytes;
    }

    /** Removes entry {@code i} by moving the last entry into its place. */
    public void removeSwap(int i) {
        size--;
        addresses[i] = addresses[size];
        sizes[i] = sizes[size];
    }

    /** Removes the last entry. */
    public void removeLast() {
        size--;
    }

    /** Frees entry {@code i} (plain or sized free, chosen by {@code random}) and removes it. */
    public void free(CheckedHeap heap, int i, SplittableRandom random) {
        freeBlock(heap, addresses[i], sizes[i], random);
        removeSwap(i);
    }

    /** Frees every block, last to first, and empties the list. */
    public void freeAll(CheckedHeap heap, SplittableRandom random) {
        while (size > 0) {
            size--;
            freeBlock(heap, addresses[size], sizes[size], random);
        }
    }

    /** Frees one block with a plain or a sized free, half and half. */
    public static void freeBlock(CheckedHeap heap, long address, long bytes, SplittableRandom random) {
        if (random.nextBoolean()) {
            heap.free(address, bytes);
        } else {
            heap.freeSized(address, bytes);
        }
    }
}
