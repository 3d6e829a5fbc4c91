package org.jmalloc.allocator.safety;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Freed blocks held back from reuse, oldest first, up to a byte capacity: the use-after-free
 * check's waiting room. A block enters junked with {@link Junk#FREE}; when newer frees push it
 * out (or the allocator drains the quarantine) its junk is verified and it goes back to its arena.
 *
 * <p>While a block is quarantined it still counts as allocated to its arena, so a second free of
 * it must be caught here ({@link #contains}). Thread-safe (one lock; the checked path is slow
 * anyway).
 */
public final class Quarantine {

    /** A quarantined block. */
    public record Block(long address, long size) {
    }

    private final long capacity;
    private final ArrayDeque<Block> fifo = new ArrayDeque<>();
    private final Set<Long> addresses = new HashSet<>();
    private long bytes;

    /** @param capacity bytes held at most (0 verifies every block at once, on its own free) */
    public Quarantine(long capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("invalid quarantine size " + capacity + ": must be >= 0");
        }
        this.capacity = capacity;
    }

    /** Whether {@code address} is quarantined (freed, not yet reused). */
    public synchronized boolean contains(long address) {
        return addresses.contains(address);
    }

    /**
     * Adds a freed (already junked) block and takes out the oldest blocks beyond the capacity.
     *
     * @return the blocks to verify and return to their arenas, oldest first (possibly the one just added)
     */
    public synchronized Block[] add(long address, long size) {
        fifo.addLast(new Block(address, size));
        addresses.add(address);
        bytes += size;
        int out = 0;
        long over = bytes;
        for (Block b : fifo) {
            if (over <= capacity) {
                break;
            }
            over -= b.size();
            out++;
        }
        return take(out);
    }

    /** Takes out every block (purge, close). */
    public synchronized Block[] drain() {
        return take(fifo.size());
    }

    /** Bytes held now. */
    public synchronized long bytes() {
        return bytes;
    }

    private Block[] take(int n) {
        Block[] out = new Block[n];
        for (int i = 0; i < n; i++) {
            Block b = fifo.removeFirst();
            addresses.remove(b.address());
            bytes -= b.size();
            out[i] = b;
        }
        return out;
    }
}
