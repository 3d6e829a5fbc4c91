package org.jmalloc.allocator.extent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.jmalloc.allocator.os.OsMemory;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The free fast path's page index: the region-start test against division for every offset of
 * every slab, the entry fields, registration and clearing over real mappings, and owner ids.
 */
class PageIndexTest {

    /** Exhaustive: every byte offset of every small class's slab, for 4 KiB and 16 KiB pages. */
    @ParameterizedTest
    @ValueSource(longs = {4096, 16384})
    void theRegionStartTestAgreesWithDivisionAtEveryOffsetOfEverySlab(long pageSize) {
        SizeClasses classes = new SizeClasses(pageSize);
        for (int c = 0; c < classes.smallCount(); c++) {
            long region = classes.sizeOf(c);
            long slab = (long) classes.slabPages(c) * pageSize;
            long entry = (long) c << PageIndex.CHECK_SHIFT;
            for (long offset = 0; offset < slab; offset++) {
                boolean start = PageIndex.isBlockStart(entry, offset);
                if (start != (offset % region == 0)) {
                    throw new AssertionError("class " + region + " B, offset " + offset + ": test says " + start);
                }
            }
        }
    }

    /** 64 KiB pages: slabs reach megabytes, so every 16-byte offset and 100,000 random ones per class. */
    @Test
    void theRegionStartTestAgreesWithDivisionOnLargePageSlabs() {
        long pageSize = 65536;
        SizeClasses classes = new SizeClasses(pageSize);
        Random random = new Random(0x64A);
        for (int c = 0; c < classes.smallCount(); c++) {
            long region = classes.sizeOf(c);
            long slab = (long) classes.slabPages(c) * pageSize;
            long entry = (long) c << PageIndex.CHECK_SHIFT;
            for (long offset = 0; offset < slab; offset += 16) {
                assertEquals(offset % region == 0, PageIndex.isBlockStart(entry, offset), region + " @ " + offset);
            }
            for (int i = 0; i < 100_000; i++) {
                long offset = random.nextLong(slab);
                assertEquals(offset % region == 0, PageIndex.isBlockStart(entry, offset), region + " @ " + offset);
            }
        }
    }

    @Test
    void aWholeBlockStartsOnlyAtOffsetZero() {
        long entry = (long) PageIndex.WHOLE << PageIndex.CHECK_SHIFT;
        assertTrue(PageIndex.isBlockStart(entry, 0));
        for (long offset : new long[] {1, 16, 4096, 16384, 32768, 1L << 20}) {
            assertEquals(false, PageIndex.isBlockStart(entry, offset), "offset " + offset);
        }
    }

    @Test
    void registrationWritesEveryUnitWithItsIndexAndClearingRemovesThem() {
        MappedMemory memory = new MappedMemory(OsMemory.system(), 4096, Long.MAX_VALUE);
        int owner = PageIndex.newOwner();
        try {
            long base = memory.map(1 << 20, 1 << 20);
            int c = SizeClasses.index(48);
            long size = 3 * 4096; // 48-byte regions: lcm(4096, 48) = 12 KiB
            PageIndex.register(owner, 7, base, size, c, true);
            for (int u = 0; u < 3; u++) {
                long a = base + u * 4096L + 100;
                long entry = PageIndex.entry(a);
                assertEquals(owner, entry & PageIndex.OWNER_MASK);
                assertEquals(c, (int) (entry >>> PageIndex.CLASS_SHIFT) & 0xFF);
                assertEquals(u * 4096L + 100, PageIndex.offset(entry, a));
                assertEquals(7, PageIndex.arenaOf(entry));
            }
            assertEquals(0, PageIndex.entry(base + size), "the unit after the extent is not registered");
            assertEquals(0, PageIndex.entry(base - 1));
            assertTrue(PageIndex.isBlockStart(PageIndex.entry(base + 4096 + 32), 4096 + 32),
                    "4128 = 86 × 48 is a region start");
            PageIndex.clear(base, size);
            for (long a = base; a < base + size; a += 4096) {
                assertEquals(0, PageIndex.entry(a));
            }
            long large = base + 8 * 4096;
            PageIndex.register(owner, 0xFFFF, large, 4 * 4096, SizeClasses.index(16384), false);
            long entry = PageIndex.entry(large + 4096);
            assertEquals(PageIndex.WHOLE, (int) (entry >>> PageIndex.CHECK_SHIFT) & 0xFF);
            assertEquals(0xFFFF, PageIndex.arenaOf(entry), "the largest arena index survives the packing");
            assertEquals(owner, entry & PageIndex.OWNER_MASK);
            assertEquals(false, PageIndex.isBlockStart(entry, PageIndex.offset(entry, large + 4096)));
            assertTrue(PageIndex.isBlockStart(PageIndex.entry(large), 0));
            PageIndex.clear(large, 4 * 4096);
        } finally {
            memory.close();
            PageIndex.releaseOwner(owner);
        }
    }

    /**
     * The index page a registration writes is charged to its owner once, and an id given back and taken again starts
     * with nothing charged: the lock-free "already charged" answer that register and cover keep per owner must not
     * carry over to the allocator that reuses the id, or the page it writes would be charged to nobody.
     */
    @Test
    void aReusedOwnerIdIsChargedForTheIndexPagesItWrites() {
        MappedMemory memory = new MappedMemory(OsMemory.system(), 4096, Long.MAX_VALUE);
        int first = PageIndex.newOwner();
        int second = -1;
        try {
            long base = memory.map(1 << 21, 1 << 21); // one index page covers 2 MiB of address space
            int c = SizeClasses.index(16384);
            long before = PageIndex.metadataBytes(first);
            PageIndex.register(first, 0, base, 4 * 4096, c, false);
            long charged = PageIndex.metadataBytes(first) - before;
            assertTrue(charged >= 4096, "the index page written is charged to its owner: " + charged);
            PageIndex.register(first, 0, base + 8 * 4096, 4 * 4096, c, false);
            assertEquals(before + charged, PageIndex.metadataBytes(first), "the same index page is charged once");
            PageIndex.clear(base, 4 * 4096);
            PageIndex.clear(base + 8 * 4096, 4 * 4096);
            PageIndex.releaseOwner(first);
            second = PageIndex.newOwner();
            assertEquals(first, second, "the lowest free id is taken again");
            assertEquals(0, PageIndex.metadataBytes(second), "a fresh owner has nothing charged");
            PageIndex.register(second, 0, base, 4 * 4096, c, false);
            assertTrue(PageIndex.metadataBytes(second) >= 4096,
                    "the orphaned index page is charged to the owner that writes it again");
            PageIndex.cover(second, base + 16 * 4096);
            PageIndex.clear(base, 4 * 4096);
        } finally {
            memory.close();
            PageIndex.releaseOwner(second >= 0 ? second : first);
        }
    }

    @Test
    void addressesOutsideUserSpaceHaveNoEntryAndCannotBeRegistered() {
        assertEquals(0, PageIndex.entry(-16));
        assertEquals(0, PageIndex.entry(1L << 48));
        int owner = PageIndex.newOwner();
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PageIndex.register(owner, 0, 1L << 48, 4096, 0, true));
            assertEquals("address 0x1000000000000 is outside the 48-bit user space", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> PageIndex.register(owner, 0, 4096, 4096, 255, true));
            assertThrows(IllegalArgumentException.class, () -> PageIndex.register(owner, 0x10000, 4096, 4096, 1, true));
            assertThrows(IllegalArgumentException.class, () -> PageIndex.register(0, 0, 4096, 4096, 1, true));
        } finally {
            PageIndex.releaseOwner(owner);
        }
    }

    @Test
    void ownerIdsAreNonzeroDistinctAndReused() {
        Set<Integer> ids = new HashSet<>();
        int[] taken = new int[100];
        for (int i = 0; i < taken.length; i++) {
            taken[i] = PageIndex.newOwner();
            assertNotEquals(0, taken[i]);
            assertTrue(ids.add(taken[i]), "id " + taken[i] + " handed out twice");
        }
        int released = taken[50];
        PageIndex.releaseOwner(released);
        int again = PageIndex.newOwner();
        assertTrue(again <= released, "the lowest free id is reused: got " + again + " after releasing " + released);
        PageIndex.releaseOwner(again);
        for (int i = 0; i < taken.length; i++) {
            if (i != 50) {
                PageIndex.releaseOwner(taken[i]);
            }
        }
    }
}
