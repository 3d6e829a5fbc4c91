package org.jmalloc.allocator.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The footprint probe: parsing the kernel's formats, then the live process, where touching, purging
 * and lazily freeing a mapping of our own must move the figures by what was done (within a margin
 * for whatever the JVM does meanwhile).
 */
class ProcessFootprintTest {

    private static final long MIB = 1 << 20;
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    @Test
    void parsesSmapsRollup() {
        List<String> rollup = List.of(
                "55ef8699d000-7ffe2aac3000 ---p 00000000 00:00 0                          [rollup]",
                "Rss:                1772 kB",
                "Pss:                 242 kB",
                "Anonymous:           112 kB",
                "LazyFree:             16 kB",
                "AnonHugePages:      2048 kB");
        ProcessFootprint f = ProcessFootprint.fromKiloLines(rollup, "Rss", "Anonymous", 765 * 4096L, "rollup");
        assertEquals(1772 * 1024, f.rss());
        assertEquals(112 * 1024, f.anonymous());
        assertEquals(16 * 1024, f.lazyFree());
        assertEquals(2048 * 1024, f.anonHugePages());
        assertEquals(765 * 4096L, f.addressSpace());
        assertEquals((1772 - 16) * 1024, f.rssExcludingLazyFree());
    }

    @Test
    void parsesStatusWhenThereIsNoRollup() {
        List<String> status = List.of("Name:\tjava", "VmSize:\t 1000 kB", "VmRSS:\t    400 kB", "RssAnon:\t    300 kB",
                "Threads:\t12");
        ProcessFootprint f = ProcessFootprint.fromKiloLines(status, "VmRSS", "RssAnon", 0, "status");
        assertEquals(400 * 1024, f.rss());
        assertEquals(300 * 1024, f.anonymous());
        assertEquals(0, f.lazyFree());
    }

    @Test
    void namesTheMissingOrMalformedLine() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ProcessFootprint.fromKiloLines(List.of("Rss: 1 kB"), "Rss", "Anonymous", 0, "rollup"));
        assertEquals("rollup has no Anonymous line", missing.getMessage());
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                () -> ProcessFootprint.fromKiloLines(List.of("Rss: 12 pages"), "Rss", "Anonymous", 0, "rollup"));
        assertEquals("rollup: expected a value in kB in 'Rss: 12 pages'", malformed.getMessage());
        assertEquals(8192, ProcessFootprint.parseStatmSize("2 1 1 0 0 1 0\n", 4096));
    }

    @Test
    void followsTouchPurgeAndLazyFreeOfAMappingOfOurOwn() {
        assumeTrue(ProcessFootprint.available(), "no /proc/self on this system");
        OsMemory os = OsMemory.system();
        long size = 64 * MIB;
        long base = os.map(size);
        try {
            ProcessFootprint before = ProcessFootprint.read();
            touch(base, size, os.pageSize());
            ProcessFootprint touched = ProcessFootprint.read();
            long grown = touched.anonymous() - before.anonymous();
            assertTrue(grown >= size - 4 * MIB && grown <= size + 16 * MIB,
                    "touching 64 MiB grew anonymous RSS by " + grown / MIB + " MiB");
            assertTrue(touched.addressSpace() - before.addressSpace() < 16 * MIB, "touching maps nothing new");

            os.purgeForced(base, size / 2);
            ProcessFootprint purged = ProcessFootprint.read();
            long dropped = touched.anonymous() - purged.anonymous();
            assertTrue(dropped >= size / 2 - 4 * MIB, "MADV_DONTNEED of 32 MiB dropped RSS by " + dropped / MIB + " MiB");

            if (os.purgeLazy(base + size / 2, size / 2) && purged.source().endsWith("smaps_rollup")) {
                ProcessFootprint lazy = ProcessFootprint.read();
                // Without memory pressure the kernel keeps lazily freed pages, counted as LazyFree.
                assertTrue(lazy.lazyFree() >= size / 2 - 4 * MIB || lazy.rss() < purged.rss() - size / 4,
                        "MADV_FREE of 32 MiB: LazyFree " + lazy.lazyFree() / MIB + " MiB, RSS " + lazy.rss() / MIB
                                + " MiB (was " + purged.rss() / MIB + ")");
            }
        } finally {
            os.unmap(base, size);
        }
    }

    private static void touch(long base, long size, long page) {
        for (long a = base; a < base + size; a += page) {
            ALL.set(ValueLayout.JAVA_BYTE, a, (byte) 1);
        }
    }
}
