package org.jmalloc.allocator.extent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Address → extent, so {@code free(address)} finds its slab or large block with four dependent
 * loads and no search: a three-level radix tree over page numbers (jemalloc's {@code rtree}).
 *
 * <pre>
 *   address (48 bits):  | root index (24 − lgPage bits) | mid index (12) | leaf index (12) | page offset (lgPage) |
 *   root[root index] → Extent[][] mid (2^24 pages: 64 GiB of 4K pages) → [mid index]
 *                    → Extent[] leaf (2^12 pages: 16 MiB of 4K pages) → [leaf index] → Extent
 * </pre>
 *
 * Every node is 4,096 references (16 KiB with compressed references), created when a registration
 * first reaches it, so the map grows with the address space the allocator really uses: 16 KiB of
 * leaf per 16 MiB plus two 16 KiB nodes above. (A two-level map needs 1 MiB for its root and 1 MiB
 * per leaf, which alone is over 3 % of a 64 MiB heap.) The free fast path does not read this map
 * (it reads {@link PageIndex}), so the extra level costs only the slow paths one load.
 *
 * <p>Which pages are registered: every page of a slab (an interior region's address must find its
 * slab), and the first and last page of large blocks and free extents (enough for {@code free} of a
 * block start and to find neighbours when coalescing; not registering a large block's interior
 * keeps a large malloc independent of its size, and the error path that reports an interior
 * address of a large block searches for it instead). A page may keep pointing at an extent record that
 * has since been split, merged or recycled, so every reader checks that the record it found still
 * covers the address ({@code base ≤ address < end}) and is in the state it expects.
 *
 * <p>Concurrency: nodes are created once and published with a CAS, so two arenas growing into the
 * same range agree on one node. Leaf slots are written under the owning arena's
 * lock and read without one; a reader only looks up addresses it obtained (through the application's
 * own synchronization) after the slots were written, so it sees them.
 */
public final class AddressMap {

    private static final int LEAF_BITS = 12;
    private static final int LEAF_MASK = (1 << LEAF_BITS) - 1;
    private static final int MID_BITS = 12;
    private static final int MID_MASK = (1 << MID_BITS) - 1;
    /** Addresses at or above this are not user-space addresses on the supported platforms. */
    public static final long ADDRESS_LIMIT = 1L << 48;
    private static final VarHandle MIDS = MethodHandles.arrayElementVarHandle(Extent[][][].class);
    private static final VarHandle LEAVES = MethodHandles.arrayElementVarHandle(Extent[][].class);

    private final int lgPage;
    private final Extent[][][] root;
    private long mids;
    private long leaves;

    public AddressMap(int lgPage) {
        this.lgPage = lgPage;
        this.root = new Extent[1 << Math.max(0, 48 - lgPage - LEAF_BITS - MID_BITS)][][];
    }

    /** The extent registered for the page holding {@code address}, or null. */
    public Extent get(long address) {
        if (address >>> 48 != 0) {
            return null;
        }
        long key = address >>> lgPage;
        Extent[][] mid = root[(int) (key >>> (LEAF_BITS + MID_BITS))];
        if (mid == null) {
            return null;
        }
        Extent[] leaf = mid[(int) (key >>> LEAF_BITS) & MID_MASK];
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

    /** Heap bytes of the root and of the nodes created so far, for the metadata figure. */
    public synchronized long metadataBytes() {
        return HeapBytes.referenceArray(root.length) + (mids + leaves) * HeapBytes.referenceArray(1 << LEAF_BITS);
    }

    private Extent[] leaf(long key) {
        int r = (int) (key >>> (LEAF_BITS + MID_BITS));
        Extent[][] mid = root[r];
        if (mid == null) {
            mid = new Extent[1 << MID_BITS][];
            if (MIDS.compareAndSet(root, r, (Extent[][]) null, mid)) {
                synchronized (this) {
                    mids++;
                }
            } else {
                mid = (Extent[][]) MIDS.getVolatile(root, r);
            }
        }
        int m = (int) (key >>> LEAF_BITS) & MID_MASK;
        Extent[] leaf = mid[m];
        if (leaf == null) {
            leaf = new Extent[1 << LEAF_BITS];
            if (LEAVES.compareAndSet(mid, m, (Extent[]) null, leaf)) {
                synchronized (this) {
                    leaves++;
                }
            } else {
                leaf = (Extent[]) LEAVES.getVolatile(mid, m);
            }
        }
        return leaf;
    }
}
