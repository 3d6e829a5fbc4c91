package org.jmalloc.allocator.extent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Address → extent, so {@code free(address)} finds its slab or large block with three dependent
 * loads and no search: a two-level radix tree over page numbers (jemalloc's {@code rtree}).
 *
 * <pre>
 *   address (48 bits):  | root index (30 − lgPage bits) | leaf index (18 bits) | page offset (lgPage) |
 *   root[root index] → Extent[] leaf (one per 2^18 pages: 1 GiB of 4K pages) → [leaf index] → Extent
 * </pre>
 *
 * Two levels rather than jemalloc's usual three keep the free path to two dependent array loads;
 * the price is a 256K-entry root and 256K-entry leaves, allocated only for the gigabytes of address
 * space the allocator actually maps into.
 *
 * <p>Which pages are registered: every page of a slab (an interior region's address must find its
 * slab), and the first and last page of large blocks and free extents (enough for {@code free} of a
 * block start and to find neighbours when coalescing; not registering a large block's interior
 * keeps a large malloc independent of its size, and the error path that reports an interior
 * address of a large block searches for it instead). A page may keep pointing at an extent record that
 * has since been split, merged or recycled, so every reader checks that the record it found still
 * covers the address ({@code base ≤ address < end}) and is in the state it expects.
 *
 * <p>Concurrency: leaves are created once and published with a CAS, so two arenas growing into the
 * same range agree on one leaf. Leaf slots are written under the owning arena's
 * lock and read without one; a reader only looks up addresses it obtained (through the application's
 * own synchronization) after the slots were written, so it sees them.
 */
public final class AddressMap {

    private static final int LEAF_BITS = 18;
    private static final int LEAF_MASK = (1 << LEAF_BITS) - 1;
    /** Addresses at or above this are not user-space addresses on the supported platforms. */
    public static final long ADDRESS_LIMIT = 1L << 48;
    private static final VarHandle ROOT = MethodHandles.arrayElementVarHandle(Extent[][].class);

    private final int lgPage;
    private final Extent[][] root;
    private long leaves;

    public AddressMap(int lgPage) {
        this.lgPage = lgPage;
        this.root = new Extent[1 << Math.max(0, 48 - lgPage - LEAF_BITS)][];
    }

    /** The extent registered for the page holding {@code address}, or null. */
    public Extent get(long address) {
        if (address >>> 48 != 0) {
            return null;
        }
        long key = address >>> lgPage;
        Extent[] leaf = root[(int) (key >>> LEAF_BITS)];
        if (leaf == null) {
            return null;
        }
        return leaf[(int) key & LEAF_MASK];
    }

    /** Registers {@code e} (or null) for the page holding {@code address}. */
    public void set(long address, Extent e) {
        long key = address >>> lgPage;
        leaf(key)[(int) key & LEAF_MASK] = e;
    }

    /** Registers {@code e} for every page of {@code [from, to)}. */
    public void setRange(long from, long to, Extent e) {
        long pageSize = 1L << lgPage;
        for (long a = from; a < to; a += pageSize) {
            set(a, e);
        }
    }

    /** Registers {@code e} at its first and last page. */
    public void setBoundary(Extent e) {
        set(e.base, e);
        set(e.base + e.size - 1, e);
    }

    /** Bytes of the root and the leaves created so far, for the metadata figure. */
    public synchronized long metadataBytes() {
        return 16 + (long) root.length * 4 + leaves * (16 + 4L * (1 << LEAF_BITS));
    }

    private Extent[] leaf(long key) {
        int i = (int) (key >>> LEAF_BITS);
        Extent[] leaf = root[i];
        if (leaf == null) {
            leaf = new Extent[1 << LEAF_BITS];
            if (ROOT.compareAndSet(root, i, (Extent[]) null, leaf)) {
                synchronized (this) {
                    leaves++;
                }
            } else {
                leaf = (Extent[]) ROOT.getVolatile(root, i);
            }
        }
        return leaf;
    }
}
