package org.jmalloc.allocator.extent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import java.util.TreeMap;
import org.jmalloc.allocator.os.OsMemory;
import org.junit.jupiter.api.Test;

/**
 * The off-heap metadata base over real mappings: blocks are aligned, disjoint and writable, carved lowest first out
 * of {@value MetadataBase#CHUNK_MIB} MiB chunks (a block larger than a chunk gets a mapping of its own), counted
 * exactly, and every chunk is unmapped on close, after which the base refuses to carve.
 */
class MetadataBaseTest {

    private static final long MIB = 1 << 20;
    private static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    @Test
    void blocksAreAlignedDisjointWritableAndCountedRoundedUp() {
        MappedMemory memory = new MappedMemory(OsMemory.system(), 4096, Long.MAX_VALUE);
        MetadataBase base = memory.metadata();
        Random random = new Random(7);
        TreeMap<Long, Long> blocks = new TreeMap<>();
        long expected = 0;
        for (int i = 0; i < 5_000; i++) {
            long bytes = 1 + random.nextInt(1_000);
            long block = base.allocate(bytes);
            assertEquals(0, block % MetadataBase.ALIGNMENT, "block " + i + " at 0x" + Long.toHexString(block));
            var below = blocks.floorEntry(block);
            var above = blocks.ceilingEntry(block);
            assertTrue(below == null || below.getKey() + below.getValue() <= block, "block " + i + " overlaps the one below");
            assertTrue(above == null || block + bytes <= above.getKey(), "block " + i + " overlaps the one above");
            blocks.put(block, bytes);
            MEMORY.set(ValueLayout.JAVA_BYTE, block, (byte) i);
            MEMORY.set(ValueLayout.JAVA_BYTE, block + bytes - 1, (byte) i);
            expected += (bytes + 63) & -64L;
        }
        assertEquals(expected, base.carvedBytes());
        assertTrue(base.mappedBytes() >= base.carvedBytes() && base.mappedBytes() % MIB == 0,
                "mapped " + base.mappedBytes() + " for " + base.carvedBytes() + " carved");
        assertTrue(base.mappedBytes() - base.carvedBytes() < 2 * MIB, "at most the last chunk's rest and one block per"
                + " chunk are left unused: mapped " + base.mappedBytes() + " for " + base.carvedBytes());
        memory.close();
    }

    @Test
    void chunksAreCarvedInOrderAndABlockLargerThanAChunkGetsItsOwnMapping() {
        MappedMemory memory = new MappedMemory(OsMemory.system(), 4096, Long.MAX_VALUE);
        MetadataBase base = memory.metadata();
        long first = base.allocate(64);
        long second = base.allocate(100);
        assertEquals(first + 64, second, "lowest address first");
        assertEquals(1, memory.mmapCalls());
        long big = base.allocate(3 * MIB + 1);
        assertEquals(2, memory.mmapCalls(), "a block over a chunk maps once");
        assertEquals(MIB + 3 * MIB + 4096, base.mappedBytes(), "the big block's mapping is its size in pages");
        MEMORY.set(ValueLayout.JAVA_LONG, big + 3 * MIB - 8, 1L);
        assertEquals(second + 128, base.allocate(8), "after it, the first chunk goes on being carved");
        assertEquals(2, memory.mmapCalls());
        long munmapsBefore = memory.munmapCalls();
        memory.close();
        assertEquals(munmapsBefore + 2, memory.munmapCalls(), "close unmaps both chunks");
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> base.allocate(64));
        assertEquals("allocator is closed", closed.getMessage());
    }

    @Test
    void aSizeThatIsNotPositiveIsRefused() {
        MappedMemory memory = new MappedMemory(OsMemory.system(), 4096, Long.MAX_VALUE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> memory.metadata().allocate(0));
        assertEquals("metadata block of 0 bytes", e.getMessage());
        assertEquals(0, memory.mmapCalls(), "nothing was mapped for it");
        memory.close();
    }

    @Test
    void extentRecordsGrowGeometricallyBetweenTheirBounds() {
        assertEquals(ExtentPool.BATCH, ExtentPool.growth(0));
        assertEquals(ExtentPool.BATCH, ExtentPool.growth(2L * ExtentPool.BATCH));
        assertEquals(1000, ExtentPool.growth(2000));
        assertEquals(ExtentPool.MAX_GROWTH, ExtentPool.growth(1L << 40));
        long created = 0;
        int batches = 0;
        while (created < 100_000) {
            created += ExtentPool.growth(created);
            batches++;
        }
        assertTrue(batches <= 35, "100,000 records in " + batches + " batches");
    }
}
