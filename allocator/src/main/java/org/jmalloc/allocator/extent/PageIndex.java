package org.jmalloc.allocator.extent;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.BitSet;
import org.jmalloc.allocator.os.OsMemory;
import org.jmalloc.allocator.sizeclass.SizeClasses;

/**
 * What the free fast path needs to know about an address, in one {@code long} per 4 KiB of address
 * space: which allocator owns the block there, its size class, and where the address lies in its
 * slab. jemalloc keeps the same facts (size class and slab bit) in its radix tree's leaves so that
 * {@code free} never touches the extent record; this is that tree for the JVM.
 *
 * <pre>
 *   address (48 bits):  | root index (18 bits) | leaf index (18 bits) | offset in unit (12 bits) |
 *   ROOT + 8 × root index → leaf address (1 GiB of address space) → leaf + 8 × leaf index → entry
 *
 *   entry:  | unit in extent (16) | arena (16) | check (8) | size class (8) | owner (16) |
 * </pre>
 *
 * <ul>
 *   <li>The root (2 MiB) and every leaf (2 MiB) are anonymous mappings outside the Java heap, made
 *       with {@code MAP_NORESERVE} and {@code MADV_NOHUGEPAGE}, so only the 4 KiB pages that an entry
 *       was written to become resident: one page of leaf per 2 MiB of address space that holds
 *       blocks, 0.2 % of it. (Java arrays of the same shape are zeroed, hence resident, in full
 *       when created: 2 MiB per GiB touched plus a 1 MiB root.) {@link #metadataBytes(int)} charges
 *       each allocator for the pages its registrations touched first (and for pages of closed
 *       allocators it writes); large blocks the index does not register get their first unit's page
 *       {@linkplain #cover covered}, since their free reads it, and {@link #clear} never touches a
 *       page that holds only zeros. {@code MetadataAccountingTest} checks the growth against the
 *       kernel's {@code /proc/self/smaps} view. (A lookup of an address no allocator registered, an
 *       invalid free, may still make a page resident uncharged: at most one 4 KiB page per 2 MiB of
 *       such addresses.)</li>
 *   <li>The index is one per process, shared by every allocator (their mappings are disjoint), so
 *       the root is a constant address: a masked index compiles to one load and no range check.</li>
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
 * <p>Concurrency: leaves are created once and published with a CAS on their root slot. Entries
 * are written under the owning arena's locks and read without one, by threads that got the address
 * (through the application's own synchronization) after the entry was written. Leaves are never
 * unmapped: entries of a closed allocator are cleared, and the pages stay for the next one.
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

    private static final int INDEX_PAGE_SHIFT = 12;
    private static final long LEAF_BYTES = 8L << LEAF_BITS;
    private static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final VarHandle SLOT = ValueLayout.JAVA_LONG.varHandle();

    /** The root: one leaf address per GiB of address space (0 until a registration first touches it). */
    private static final long ROOT = mapTable(8L << ROOT_BITS);

    private static final BitSet OWNERS = new BitSet();
    /**
     * Who is charged for each index page, by the page's 2 MiB window (512 pages): 0 untouched, an
     * owner id, or {@link #ORPHAN} for a touched page whose owner has closed (the next allocator to
     * write it is charged). Lock: PageIndex.
     */
    private static final WindowOwners PAGE_OWNERS = new WindowOwners();
    private static final int ORPHAN = -1;
    /** Bytes of index pages each owner is charged for, by owner id (grown on demand). Lock: PageIndex. */
    private static long[] ownerBytes = new long[16];
    private static long touchedBytes;

    /**
     * Answers of {@link #touch} and {@link #touched} kept for reading without the class lock, so that registering a
     * slab or a block, or clearing one, takes no monitor when its index page is one it met before (the lock is a CAS
     * and a release on every slab made or freed and on every large block indexed, resized or freed otherwise).
     * {@code chargedTo[owner]}: an index page charged to that live owner, or -1; it stays charged until the owner is
     * released, which resets the entry, so any value a racy read sees is still true. {@code touchedPages}: a
     * direct-mapped set of touched index pages (slot {@code page % TOUCHED_SLOTS}); a page once touched stays touched
     * (released owners' pages become orphans, never untouched), so a hit is true whenever it was written. A miss only
     * costs the lock. Written under the class lock; read with plain loads (a stale read is an older true answer, or -1;
     * 64-bit loads and stores of a long[] element do not tear on the 64-bit JVMs this allocator runs on).
     */
    private static volatile long[] chargedTo = newChargedTo(16); // volatile: a grown array is published filled
    private static final int TOUCHED_SLOTS = 256;
    private static final long[] touchedPages = new long[TOUCHED_SLOTS];

    static {
        Arrays.fill(touchedPages, -1);
    }

    private static long[] newChargedTo(int length) {
        long[] a = new long[length];
        Arrays.fill(a, -1);
        return a;
    }

    /** Whether the index page {@code page} is known, without the lock, to be charged to the live owner {@code owner}. */
    private static boolean knownCharged(int owner, long page) {
        long[] a = chargedTo;
        return owner < a.length && a[owner] == page;
    }

    /** Whether the index page {@code page} is known, without the lock, to have been touched. */
    private static boolean knownTouched(long page) {
        return touchedPages[(int) (page % TOUCHED_SLOTS)] == page;
    }

    /** Addresses of the leaves mapped so far (for {@link #mappings()}). Lock: PageIndex. */
    private static long[] leaves = new long[8];
    private static int leafCount;

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
        if (id < chargedTo.length) {
            chargedTo[id] = -1; // before a new allocator can get the id (newOwner takes this lock)
        }
        if (id < ownerBytes.length && ownerBytes[id] != 0) {
            ownerBytes[id] = 0;
            for (int[] owners : PAGE_OWNERS.all()) {
                for (int i = 0; i < owners.length; i++) {
                    if (owners[i] == id) {
                        owners[i] = ORPHAN;
                    }
                }
            }
        }
    }

    /**
     * The entry for {@code address}: 0 when nothing is registered there (so an owner test fails).
     * The free fast path's lookup: the root is a constant and the masked index needs no range
     * check, so it is a load, a null test and a load (the leaf is loaded before the 48-bit test so
     * the two overlap; an address above 2^48 aliases some leaf but returns 0).
     */
    public static long entry(long address) {
        long leaf = MEMORY.get(ValueLayout.JAVA_LONG_UNALIGNED, ROOT + ((address >>> ROOT_SHIFT & ROOT_MASK) << 3));
        if (leaf == 0 || address >>> 48 != 0) {
            return 0;
        }
        return MEMORY.get(ValueLayout.JAVA_LONG_UNALIGNED, leaf + ((address >>> UNIT_SHIFT & LEAF_MASK) << 3));
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
        long touchedPage = -1;
        for (long u = 0; u < units; u++) {
            long address = base + (u << UNIT_SHIFT);
            long slot = leaf(owner, address) + ((address >>> UNIT_SHIFT & LEAF_MASK) << 3);
            if (slot >>> INDEX_PAGE_SHIFT != touchedPage) {
                touchedPage = slot >>> INDEX_PAGE_SHIFT;
                if (!knownCharged(owner, touchedPage)) {
                    touch(owner, slot);
                }
            }
            MEMORY.set(ValueLayout.JAVA_LONG_UNALIGNED, slot, fields | Math.min(u, MAX_UNIT) << UNIT_FIELD_SHIFT);
        }
    }

    /** Clears every entry of {@code [base, base + size)}. */
    public static void clear(long base, long size) {
        long end = base + size;
        long address = base;
        while (address < end) {
            long leaf = rootSlot(address);
            long slot = leaf + ((address >>> UNIT_SHIFT & LEAF_MASK) << 3);
            // The units whose entries share this index page: 512 of them, 2 MiB of address space.
            long pageEnd = Math.min(end, (address | (1L << UNIT_SHIFT + 9) - 1) + 1);
            if (leaf != 0 && (knownTouched(slot >>> INDEX_PAGE_SHIFT) || touched(slot))) {
                for (; address < pageEnd; address += 1L << UNIT_SHIFT, slot += 8) {
                    MEMORY.set(ValueLayout.JAVA_LONG_UNALIGNED, slot, 0L);
                }
            }
            // An untouched page holds only zeros, and even reading it would make it resident.
            address = pageEnd;
        }
    }

    /**
     * Makes the index page that a lookup of {@code address} reads resident and charges it to
     * {@code owner}, for a block the index does not register: its free still reads the (zero)
     * entry. Some kernels back a read of an untouched anonymous page with a fresh page (resident,
     * and then it must be counted), others with the shared zero page (not resident); so the page
     * is written, an atomic add of 0 that leaves any entry as it is, and is resident on every
     * kernel, as counted.
     */
    public static void cover(int owner, long address) {
        long slot = leaf(owner, address) + ((address >>> UNIT_SHIFT & LEAF_MASK) << 3);
        if (knownCharged(owner, slot >>> INDEX_PAGE_SHIFT)) {
            return; // charged to this owner, so written (resident) already: by the touch that charged it
        }
        touch(owner, slot);
        SLOT.getAndAdd(MEMORY, slot, 0L);
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

    /**
     * Bytes of index pages (root and leaves) {@code owner} is charged for: those its registrations
     * touched first, and orphaned ones (touched by an allocator since closed) it wrote to. Every
     * touched page stays resident for the rest of the process and is charged to at most one open
     * allocator.
     */
    public static synchronized long metadataBytes(int owner) {
        return owner < ownerBytes.length ? ownerBytes[owner] : 0;
    }

    /** Bytes of every index page touched so far, by any allocator: the index's resident size. */
    public static synchronized long touchedBytes() {
        return touchedBytes;
    }

    /** {@code [address, size]} pairs of the index's mappings (root first), for tests that ask the kernel. */
    public static synchronized long[] mappings() {
        long[] out = new long[2 + 2 * leafCount];
        out[0] = ROOT;
        out[1] = 8L << ROOT_BITS;
        for (int i = 0; i < leafCount; i++) {
            out[2 + 2 * i] = leaves[i];
            out[3 + 2 * i] = LEAF_BYTES;
        }
        return out;
    }

    private static synchronized void recordLeaf(long leaf) {
        if (leafCount == leaves.length) {
            leaves = Arrays.copyOf(leaves, 2 * leafCount);
        }
        leaves[leafCount++] = leaf;
    }

    private static long rootSlot(long address) {
        return MEMORY.get(ValueLayout.JAVA_LONG_UNALIGNED, ROOT + ((address >>> ROOT_SHIFT & ROOT_MASK) << 3));
    }

    /** The leaf covering {@code address}, mapped (and its root slot touched, charged to {@code owner}) on first use. */
    private static long leaf(int owner, long address) {
        if (address >>> 48 != 0) {
            throw new IllegalArgumentException(String.format("address 0x%x is outside the 48-bit user space", address));
        }
        long slot = ROOT + ((address >>> ROOT_SHIFT) << 3);
        long leaf = MEMORY.get(ValueLayout.JAVA_LONG_UNALIGNED, slot);
        if (leaf == 0) {
            touch(owner, slot);
            long fresh = mapTable(LEAF_BYTES);
            if (SLOT.compareAndSet(MEMORY, slot, 0L, fresh)) {
                leaf = fresh;
                recordLeaf(fresh);
            } else {
                OsMemory.system().unmap(fresh, LEAF_BYTES);
                leaf = (long) SLOT.getVolatile(MEMORY, slot);
            }
        }
        return leaf;
    }

    /**
     * Notes that the index page holding {@code slot} is about to be written: a page nobody is
     * charged for (untouched, or orphaned by a closed allocator) is charged to {@code owner}.
     */
    private static synchronized void touch(int owner, long slot) {
        long page = slot >>> INDEX_PAGE_SHIFT;
        int[] owners = PAGE_OWNERS.getOrCreate(page / WindowOwners.PAGES);
        int i = (int) (page % WindowOwners.PAGES);
        int current = owners[i];
        touchedPages[(int) (page % TOUCHED_SLOTS)] = page;
        if (current > 0) {
            if (current == owner) {
                remember(owner, page);
            }
            return; // charged to a live allocator (this one, or one sharing the page)
        }
        if (current == 0) {
            touchedBytes += 1L << INDEX_PAGE_SHIFT;
        }
        owners[i] = owner;
        if (owner >= ownerBytes.length) {
            ownerBytes = Arrays.copyOf(ownerBytes, Math.max(owner + 1, 2 * ownerBytes.length));
        }
        ownerBytes[owner] += 1L << INDEX_PAGE_SHIFT;
        remember(owner, page);
    }

    /** Notes that {@code page} is charged to {@code owner} (class lock held). */
    private static void remember(int owner, long page) {
        if (owner >= chargedTo.length) {
            long[] grown = newChargedTo(Math.max(owner + 1, 2 * chargedTo.length));
            System.arraycopy(chargedTo, 0, grown, 0, chargedTo.length);
            chargedTo = grown;
        }
        chargedTo[owner] = page;
    }

    /** Whether the index page holding {@code slot} has been touched (so that writing it costs nothing new). */
    private static synchronized boolean touched(long slot) {
        long page = slot >>> INDEX_PAGE_SHIFT;
        int[] owners = PAGE_OWNERS.get(page / WindowOwners.PAGES);
        boolean touched = owners != null && owners[(int) (page % WindowOwners.PAGES)] != 0;
        if (touched) {
            touchedPages[(int) (page % TOUCHED_SLOTS)] = page;
        }
        return touched;
    }

    /** A zeroed table of {@code bytes} outside the heap whose pages become resident only when written. */
    private static long mapTable(long bytes) {
        OsMemory os = OsMemory.system();
        long address = os.map(bytes);
        os.adviseHugePages(address, bytes, false);
        return address;
    }
}
