package org.jmalloc.stress.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the allocator should hold: every live block with its requested size, usable size and the
 * byte it was filled with. Not thread-safe (the fuzz test drives it from one thread; remote frees
 * are awaited). Invariants checked on every change: live blocks never overlap (exactly, over their
 * usable sizes), addresses are aligned as requested, and a block's bytes are what was written
 * until it is freed or reallocated.
 */
final class ReferenceModel {

    /** Bytes checked at each end of a block (all of it when smaller). */
    static final int EDGE = 256;
    private static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    /**
     * A live block. {@code owner} says who frees it: {@link #PLAIN} ({@code free}), {@link #SEGMENT}
     * ({@code free(segment)}) or an arena number. {@code sizedFreeSize} is the size a sized free
     * must name: the request for malloc, calloc and realloc, the usable size for alignedAlloc
     * (its block may be in a bigger class than the request).
     */
    record Block(long address, long size, long usable, byte fill, int owner, long sizedFreeSize) {}

    static final int PLAIN = 0;
    static final int SEGMENT = -1;

    private final TreeMap<Long, Block> live = new TreeMap<>();

    /** Records a new block after checking alignment and overlap, then fills it with {@code fill}. */
    void add(String call, long address, long size, long usable, long alignment, byte fill, int owner) {
        add(call, address, size, usable, alignment, fill, owner, size);
    }

    void add(String call, long address, long size, long usable, long alignment, byte fill, int owner,
             long sizedFreeSize) {
        assertTrue(address != 0, call + " returned 0");
        assertEquals(0, address & (alignment - 1), () -> String.format("%s returned 0x%x, not %d-aligned", call, address,
                alignment));
        assertTrue(usable >= size, () -> call + ": usableSize " + usable + " < " + size);
        Map.Entry<Long, Block> below = live.floorEntry(address);
        if (below != null && below.getKey() + below.getValue().usable() > address) {
            fail(String.format("%s returned 0x%x (%d usable), inside live block 0x%x (%d usable)", call, address, usable,
                    below.getKey(), below.getValue().usable()));
        }
        Map.Entry<Long, Block> above = live.higherEntry(address);
        if (above != null && above.getKey() < address + usable) {
            fail(String.format("%s returned 0x%x (%d usable), overlapping live block 0x%x", call, address, usable,
                    above.getKey()));
        }
        live.put(address, new Block(address, size, usable, fill, owner, sizedFreeSize));
        fill(address, size, fill);
    }

    /** Removes a block after checking its bytes. */
    Block remove(String call, long address) {
        Block b = live.remove(address);
        assertTrue(b != null, () -> String.format("%s of 0x%x: not live in the model", call, address));
        check(call, b.address(), b.size(), b.fill());
        return b;
    }

    boolean isEmpty() {
        return live.isEmpty();
    }

    int size() {
        return live.size();
    }

    /** A block owned by {@code owner} chosen by {@code index}, or null when there is none. */
    Block pick(int index, int owner) {
        List<Block> owned = live.values().stream().filter(b -> b.owner() == owner).toList();
        return owned.isEmpty() ? null : owned.get(Math.floorMod(index, owned.size()));
    }

    boolean contains(long address) {
        return live.containsKey(address);
    }

    /** True when {@code address} lies inside any live block (for "freed address reused" checks). */
    boolean covers(long address) {
        Map.Entry<Long, Block> e = live.floorEntry(address);
        return e != null && e.getKey() + e.getValue().usable() > address;
    }

    List<Block> blocks() {
        return new ArrayList<>(live.values());
    }

    static void fill(long address, long size, byte fill) {
        long head = Math.min(size, EDGE);
        MEMORY.asSlice(address, head).fill(fill);
        if (size > EDGE) {
            long tail = Math.min(EDGE, size - EDGE);
            MEMORY.asSlice(address + size - tail, tail).fill(fill);
        }
    }

    /** Checks the first and last {@link #EDGE} bytes of {@code [address, address + size)} hold {@code fill}. */
    static void check(String call, long address, long size, byte fill) {
        long head = Math.min(size, EDGE);
        checkRange(call, address, 0, head, fill);
        if (size > EDGE) {
            long tail = Math.min(EDGE, size - EDGE);
            checkRange(call, address, size - tail, size, fill);
        }
    }

    private static void checkRange(String call, long address, long from, long to, byte fill) {
        for (long o = from; o < to; o++) {
            byte b = MEMORY.get(ValueLayout.JAVA_BYTE, address + o);
            if (b != fill) {
                fail(String.format("%s: block 0x%x byte %d is 0x%02x, expected 0x%02x", call, address, o, b, fill));
            }
        }
    }

    /**
     * Checks what a realloc from {@code oldSize} to {@code newSize} bytes must have kept at
     * {@code address}: the filled head, and the filled tail of the old block where it still fits.
     */
    static void checkKept(String call, long address, long oldSize, long newSize, byte fill) {
        long kept = Math.min(oldSize, newSize);
        checkRange(call, address, 0, Math.min(kept, EDGE), fill);
        if (oldSize > EDGE) {
            long tailStart = oldSize - Math.min(EDGE, oldSize - EDGE);
            if (tailStart < kept) {
                checkRange(call, address, tailStart, kept, fill);
            }
        }
    }

    /** Checks that {@code [address, address + size)} reads zero at both ends (calloc). */
    static void checkZero(String call, long address, long size) {
        check(call, address, size, (byte) 0);
    }
}
