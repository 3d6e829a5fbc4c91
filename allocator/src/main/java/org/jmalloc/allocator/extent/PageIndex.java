package org.jmalloc.allocator.extent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.BitSet;
import org.jmalloc.allocator.sizeclass.SizeClasses;

/**
 * What the free fast path needs to know about an address, in one {@code long} per 4 KiB of address
 * space: which allocator owns the block there, its size class, and where the address lies in its
 * slab. jemalloc keeps the same facts (size class and slab bit) in its radix tree's leaves so that
 * {@code free} never touches the extent record; this is that tree for the JVM.
 *
 * <pre>
 *   address (48 bits):  | root index (18 bits) | leaf index (18 bits) | offset in unit (12 bits) |
 *   ROOT[root index] → long[] leaf (1 GiB of address space) → [leaf index] → entry
 *
 *   entry:  | unit in extent (16) | arena (16) | check (8) | size class (8) | owner (16) |
 * </pre>
 *
 * <ul>
 *   <li>The index is one per process, shared by every allocator (their mappings are disjoint), so
 *       the root is a constant: {@code ROOT[i]} with a masked index compiles to one load and no
 *       range check.</li>
 *   <li>{@code owner} is the allocator's nonzero id ({@link #newOwner()}); 0 means no registered
 *       block, so an address from another allocator, a free extent or no allocator at all fails the
 *       owner test and goes down the slow path, which says what is wrong.</li>
 *   <li>{@code unit} is the 4 KiB unit's index from the start of the extent, so the offset of an
 *       address from its slab is {@code unit << 12 | address & 0xFFF} without reading the extent.</li>
 *   <li>{@code arena} is the owning arena's index, so a thread cache flushing blocks of many
 *       slabs groups them by arena and parks them without touching their extent records (which
 *       the owning arena's threads keep writing).</li>
 *   <li>{@code check} selects a row of {@link #CHECKS}: the size class for slabs (region starts are
 *       multiples of the region size: a multiply by jemalloc's division magic and back), {@link
 *       #WHOLE} for large blocks (the block start is offset 0).</li>
 * </ul>
 *
 * The unit is 4 KiB, the smallest page of any supported system, whatever the allocator's page size,
 * so the shifts are constants. Only what the fast paths serve is registered: slabs and large blocks
 * of thread-cached classes; every entry is written when its extent becomes such a block and cleared
 * when it stops being one (and when the allocator closes), so an entry is never stale.
 *
 * <p>Concurrency: leaves are created once and published with a CAS. Entries are written under the
 * owning arena's locks and read without one, by threads that got the address (through the
 * application's own synchronization) after the entry was written.
 */
public final class PageIndex {

    public static final int UNIT_SHIFT = 12;
    private static final long UNIT_MASK = (1L << UNIT_SHIFT) - 1;
    private static final int LEAF_BITS = 18;
    public static final int LEAF_MASK = (1 << LEAF_BITS) - 1;
    public static final int ROOT_SHIFT = UNIT_SHIFT + LEAF_BITS;
    private static final int ROOT_BITS = 48 - ROOT_SHIFT;
    public static final int ROOT_MASK = (1 << ROOT_BITS) - 1;

    /** Entry fields. */
    public static final int CLASS_SHIFT = 16;
    public static final int CHECK_SHIFT = 24;
    /** The unit is the top field, so the fast path's {@code entry >>> UNIT_FIELD_SHIFT} needs no mask. */
    public static final int UNIT_FIELD_SHIFT = 48;
    public static final int ARENA_SHIFT = 32;
    public static final int OWNER_MASK = 0xFFFF;
    private static final long MAX_UNIT = 0xFFFF;

    /** The {@link #CHECKS} row of large blocks: magic 0, so only offset 0 is a block start. */
    public static final int WHOLE = 255;

    /**
     * By check row: {@code divMagic << 32 | regionSize} of the size class (row = class index), 0 for
     * {@link #WHOLE}. An offset {@code o} in a slab is a region start iff
     * {@code ((o × magic) >>> 32) × regionSize == o}.
     */
    private static final long[] CHECKS = new long[256];

    /**
     * By size class: {@code BOUNDS[c]} is the largest request of class {@code c − 1} (0 for
     * {@code c = 0}), {@code BOUNDS[c + 1]} that of class {@code c}; a sized free of class c is valid
     * iff {@code BOUNDS[c] < size ≤ BOUNDS[c + 1]}.
     */
    private static final long[] BOUNDS = new long[257];

    /** The root: one leaf per GiB of address space, created when a registration first touches it. */
    private static final long[][] ROOT = new long[1 << ROOT_BITS][];

    private static final VarHandle ROOT_SLOT = MethodHandles.arrayElementVarHandle(long[][].class);
    private static final BitSet OWNERS = new BitSet();

    static {
        for (int c = 0; c < SizeClasses.NUM_CLASSES && c < WHOLE; c++) {
            long size = SizeClasses.size(c);
            if (size <= 1L << 31) {
                CHECKS[c] = SizeClasses.divMagicOf(size) << 32 | size;
            }
            BOUNDS[c + 1] = size;
        }
        OWNERS.set(0); // 0 marks an empty entry
    }

    private PageIndex() {
    }

    /** A fresh owner id for a new allocator; {@link #releaseOwner} gives it back. */
    public static synchronized int newOwner() {
        int id = OWNERS.nextClearBit(1);
        if (id > OWNER_MASK) {
            throw new IllegalStateException("too many open allocators (" + OWNER_MASK
                    + "): close allocators that are no longer used");
        }
        OWNERS.set(id);
        return id;
    }

    /** Gives an owner id back once every entry it wrote has been cleared. */
    public static synchronized void releaseOwner(int id) {
        OWNERS.clear(id);
    }

    /**
     * The entry for {@code address}: 0 when nothing is registered there (so an owner test fails).
     * The free fast path's lookup: the root is a constant and the masked index needs no range
     * check, so it is a load, a null test and a load (the leaf is loaded before the 48-bit test so
     * the two overlap; an address above 2^48 aliases some leaf but returns 0).
     */
    public static long entry(long address) {
        long[] leaf = ROOT[(int) (address >>> ROOT_SHIFT) & ROOT_MASK];
        if (leaf == null || address >>> 48 != 0) {
            return 0;
        }
        return leaf[(int) (address >>> UNIT_SHIFT) & LEAF_MASK];
    }

    /** The arena index an entry names. */
    public static int arenaOf(long entry) {
        return (int) (entry >>> ARENA_SHIFT) & 0xFFFF;
    }

    /**
     * Registers the extent {@code [base, base + size)} as a block or slab of {@code sizeClass}
     * owned by {@code owner}'s arena {@code arena}; {@code slab} selects the region-start check.
     */
    public static void register(int owner, int arena, long base, long size, int sizeClass, boolean slab) {
        if (sizeClass < 0 || sizeClass >= WHOLE || owner <= 0 || owner > OWNER_MASK || arena < 0 || arena > 0xFFFF) {
            throw new IllegalArgumentException("cannot index class " + sizeClass + " of owner " + owner + ", arena " + arena);
        }
        long fields = (long) owner | (long) sizeClass << CLASS_SHIFT | (long) (slab ? sizeClass : WHOLE) << CHECK_SHIFT
                | (long) arena << ARENA_SHIFT;
        long units = size >>> UNIT_SHIFT;
        for (long u = 0; u < units; u++) {
            long address = base + (u << UNIT_SHIFT);
            leaf(address)[(int) (address >>> UNIT_SHIFT) & LEAF_MASK] = fields | Math.min(u, MAX_UNIT) << UNIT_FIELD_SHIFT;
        }
    }

    /** Clears every entry of {@code [base, base + size)}. */
    public static void clear(long base, long size) {
        for (long address = base; address < base + size; address += 1L << UNIT_SHIFT) {
            long[] leaf = ROOT[(int) (address >>> ROOT_SHIFT) & ROOT_MASK];
            if (leaf != null) {
                leaf[(int) (address >>> UNIT_SHIFT) & LEAF_MASK] = 0;
            }
        }
    }

    /** Offset of {@code address} from the start of the extent its entry describes. */
    public static long offset(long entry, long address) {
        return (entry >>> UNIT_FIELD_SHIFT) << UNIT_SHIFT | address & UNIT_MASK;
    }

    /**
     * Whether {@code size} is a request of class {@code c}, {@code BOUNDS[c] < size ≤ BOUNDS[c + 1]}:
     * one subtraction and an unsigned compare, for the sized free's fast path ({@code c} from an
     * entry, so {@code 0 ≤ c ≤ 255}).
     */
    public static boolean isRequestOfClass(int c, long size) {
        long below = BOUNDS[c];
        return Long.compareUnsigned(size - 1 - below, BOUNDS[c + 1] - below) < 0;
    }

    /** Whether {@code offset} (from {@link #offset}) is a block start under the entry's check row. */
    public static boolean isBlockStart(long entry, long offset) {
        long check = CHECKS[(int) (entry >>> CHECK_SHIFT) & 0xFF];
        return ((offset * (check >>> 32)) >>> 32) * (check & 0xFFFFFFFFL) == offset;
    }

    private static long[] leaf(long address) {
        if (address >>> 48 != 0) {
            throw new IllegalArgumentException(String.format("address 0x%x is outside the 48-bit user space", address));
        }
        int i = (int) (address >>> ROOT_SHIFT);
        long[] leaf = ROOT[i];
        if (leaf == null) {
            leaf = new long[1 << LEAF_BITS];
            if (!ROOT_SLOT.compareAndSet(ROOT, i, (long[]) null, leaf)) {
                leaf = (long[]) ROOT_SLOT.getVolatile(ROOT, i);
            }
        }
        return leaf;
    }
}
