package org.jmalloc.allocator.extent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Address → extent, so {@code free(address)} finds its slab or large block with three dependent
 * loads and no search: a radix tree over page numbers (jemalloc's {@code rtree}).
 *
 * <pre>
 *   address (48 bits):  | level 1 | level 2 (12 bits) | level 3 (12 bits) | page offset (lgPage) |
 *   root[level1] → Extent[][]  → [level2] → Extent[] leaf → [level3] → Extent
 * </pre>
 *
 * <p>Which pages are registered: every page of a slab (an interior region's address must find its
 * slab), and the first and last page of large blocks and free extents (enough to find a block by its
 * start and to find neighbours when coalescing). A page may keep pointing at an extent record that
 * has since been split, merged or recycled, so every reader checks that the record it found still
 * covers the address ({@code base ≤ address < end}) and is in the state it expects.
 *
 * <p>Concurrency: interior arrays are created once and published with a CAS, so two arenas growing
 * into the same 16 MiB range agree on one leaf. Leaf slots are written under the owning arena's
 * lock and read without one; a reader only looks up addresses it obtained (through the application's
 * own synchronization) after the slots were written, so it sees them.
 */
public final class AddressMap {

    private static final int BITS = 12;
    private static final int FANOUT = 1 << BITS;
    private static final int MASK = FANOUT - 1;
    /** Addresses at or above this are not user-space addresses on the supported platforms. */
    public static final long ADDRESS_LIMIT = 1L << 48;
    private static final VarHandle ROOT = MethodHandles.arrayElementVarHandle(Extent[][][].class);
    private static final VarHandle MID = MethodHandles.arrayElementVarHandle(Extent[][].class);

    private final int lgPage;
    private final Extent[][][] root;
    private long arrays;

    public AddressMap(int lgPage) {
        this.lgPage = lgPage;
        int keyBits = 48 - lgPage;
        this.root = new Extent[1 << Math.max(0, keyBits - 2 * BITS)][][];
    }

    /** The extent registered for the page holding {@code address}, or null. */
    public Extent get(long address) {
        if (address >>> 48 != 0) {
            return null;
        }
        long key = address >>> lgPage;
        Extent[][] mid = root[(int) (key >>> (2 * BITS))];
        if (mid == null) {
            return null;
        }
        Extent[] leaf = mid[(int) (key >>> BITS) & MASK];
        if (leaf == null) {
            return null;
        }
        return leaf[(int) key & MASK];
    }

    /** Registers {@code e} (or null) for the page holding {@code address}. */
    public void set(long address, Extent e) {
        long key = address >>> lgPage;
        leaf(key)[(int) key & MASK] = e;
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

    /** Interior arrays created so far, for the metadata figure. */
    public long metadataBytes() {
        return (long) root.length * 4 + arrays * (16 + (long) FANOUT * 4);
    }

    private Extent[] leaf(long key) {
        int i1 = (int) (key >>> (2 * BITS));
        Extent[][] mid = root[i1];
        if (mid == null) {
            mid = new Extent[FANOUT][];
            if (!ROOT.compareAndSet(root, i1, (Extent[][]) null, mid)) {
                mid = (Extent[][]) ROOT.getVolatile(root, i1);
            } else {
                countArray();
            }
        }
        int i2 = (int) (key >>> BITS) & MASK;
        Extent[] leaf = mid[i2];
        if (leaf == null) {
            leaf = new Extent[FANOUT];
            if (!MID.compareAndSet(mid, i2, (Extent[]) null, leaf)) {
                leaf = (Extent[]) MID.getVolatile(mid, i2);
            } else {
                countArray();
            }
        }
        return leaf;
    }

    private synchronized void countArray() {
        arrays++;
    }
}
