package org.jmalloc.allocator.extent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mappings with logical-page alignment over the OS's pages, the {@code maxBytes} limit, and close
 * unmapping everything (counted through {@link RecordingOsMemory}).
 */
class MappedMemoryTest {

    @ParameterizedTest(name = "page={0}")
    @ValueSource(longs = {4096, 16384, 65536, 1 << 21})
    void mappingsAreAlignedToTheLogicalPageAndKeepOnlyTheRequestedBytes(long pageSize) {
        RecordingOsMemory os = new RecordingOsMemory();
        MappedMemory memory = new MappedMemory(os, pageSize, Long.MAX_VALUE);
        try {
            long total = 0;
            for (int i = 1; i <= 8; i++) {
                long size = i * pageSize;
                long base = memory.map(size, size);
                total += size;
                assertEquals(0, base % pageSize, String.format("0x%x aligned to %d", base, pageSize));
                assertEquals(total, os.mappedBytes() - os.unmappedBytes(), "bytes still mapped after " + i + " maps");
                assertEquals(total, memory.mappedBytes());
                assertEquals(i, memory.mapCalls());
                MemorySegment segment = MemorySegment.ofAddress(base).reinterpret(size);
                segment.set(ValueLayout.JAVA_LONG, 0, 1L); // the first and last words are ours
                segment.set(ValueLayout.JAVA_LONG, size - 8, 2L);
                assertEquals(0L, segment.get(ValueLayout.JAVA_LONG, size / 2 & -8), "fresh memory reads zero");
            }
        } finally {
            memory.close();
        }
        assertEquals(os.mappedBytes(), os.unmappedBytes(), "close unmaps everything");
        assertEquals(0, memory.mappedBytes());
    }

    @Test
    void theLimitRefusesAMappingNamingTheRequestAndTheLimit() {
        RecordingOsMemory os = new RecordingOsMemory();
        long page = 4096;
        long limit = 16 * page;
        MappedMemory memory = new MappedMemory(os, page, limit);
        try {
            memory.map(10 * page, 12345);
            assertTrue(memory.fits(6 * page));
            assertFalse(memory.fits(7 * page));
            OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> memory.map(7 * page, 777_777));
            assertTrue(e.getMessage().contains("777777"), "names the request: " + e.getMessage());
            assertTrue(e.getMessage().contains(Long.toString(limit)), "names the limit: " + e.getMessage());
            assertEquals(10 * page, memory.mappedBytes(), "a refusal reserves nothing");
            assertEquals(1, memory.mapCalls());
            memory.map(6 * page, 6 * page);
            assertEquals(limit, memory.mappedBytes(), "exactly up to the limit");
        } finally {
            memory.close();
        }
        assertEquals(os.mappedBytes(), os.unmappedBytes());
    }

    @Test
    void mapAfterCloseThrowsAndCloseTwiceIsHarmless() {
        RecordingOsMemory os = new RecordingOsMemory();
        MappedMemory memory = new MappedMemory(os, 4096, Long.MAX_VALUE);
        for (int i = 0; i < 40; i++) { // more than the initial bookkeeping array holds
            memory.map(4096, 4096);
        }
        memory.close();
        assertEquals(os.mappedBytes(), os.unmappedBytes(), "all 40 mappings unmapped");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> memory.map(4096, 4096));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        long unmapped = os.unmappedBytes();
        memory.close();
        assertEquals(unmapped, os.unmappedBytes(), "a second close unmaps nothing");
    }
}
