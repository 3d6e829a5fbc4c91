package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The test's own record of the blocks it holds: address → (requested size, usable size, cookie
 * seed). Adding a block fails the test when it overlaps a block already held, so an allocator that
 * hands out one region twice, or two blocks sharing bytes, is caught at the malloc that does it.
 *
 * <p>Invariant: the intervals {@code [address, address + usable)} of the blocks held are pairwise
 * disjoint; {@link #bytes()} is the sum of their usable sizes. Not thread-safe.
 */
final class LiveBlocks {

    /** A block the test holds. */
    static final class Block {
        final long address;
        final long requested;
        final long usable;
        final long seed;
        private int slot;

        Block(long address, long requested, long usable, long seed) {
            this.address = address;
            this.requested = requested;
            this.usable = usable;
            this.seed = seed;
        }

        long end() {
            return address + usable;
        }

        @Override
        public String toString() {
            return String.format("[0x%x, 0x%x) (requested %d, usable %d)", address, end(), requested, usable);
        }
    }

    private final TreeMap<Long, Block> byAddress = new TreeMap<>();
    private final ArrayList<Block> slots = new ArrayList<>();
    private long bytes;

    /** Records a block, failing if it overlaps one already held. */
    Block add(long address, long requested, long usable, long seed) {
        Block block = new Block(address, requested, usable, seed);
        Map.Entry<Long, Block> below = byAddress.floorEntry(address);
        if (below != null && below.getValue().end() > address) {
            fail("new block " + block + " overlaps live block " + below.getValue());
        }
        Map.Entry<Long, Block> above = byAddress.ceilingEntry(address);
        if (above != null && block.end() > above.getKey()) {
            fail("new block " + block + " overlaps live block " + above.getValue());
        }
        byAddress.put(address, block);
        block.slot = slots.size();
        slots.add(block);
        bytes += usable;
        return block;
    }

    /** Forgets the block at {@code address} and returns it. */
    Block remove(long address) {
        Block block = byAddress.remove(address);
        if (block == null) {
            throw new IllegalArgumentException(String.format("the test holds no block at 0x%x", address));
        }
        Block last = slots.remove(slots.size() - 1);
        if (last != block) {
            slots.set(block.slot, last);
            last.slot = block.slot;
        }
        bytes -= block.usable;
        return block;
    }

    /** A block chosen uniformly at random; the set must not be empty. */
    Block pick(SplittableRandom random) {
        return slots.get(random.nextInt(slots.size()));
    }

    int size() {
        return slots.size();
    }

    boolean isEmpty() {
        return slots.isEmpty();
    }

    /** The blocks held, in address order (a copy). */
    java.util.List<Block> blocks() {
        return new ArrayList<>(byAddress.values());
    }

    /** Sum of the usable sizes of the blocks held. */
    long bytes() {
        return bytes;
    }

    /** Removes and returns any block (the last recorded); the set must not be empty. */
    Block removeAny() {
        return remove(slots.get(slots.size() - 1).address);
    }
}
