package org.jmalloc.allocator.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Finding the smaps entry of an address, on a fixed text and on a mapping of our own. */
class SmapsMappingTest {

    private static final List<String> SMAPS = List.of(
            "7f0000000000-7f0000200000 rw-p 00000000 00:00 0 ",
            "Size:               2048 kB",
            "Rss:                2048 kB",
            "AnonHugePages:      2048 kB",
            "THPeligible:    1",
            "VmFlags: rd wr mr mw me ac hg",
            "7f0000200000-7f0000201000 r--p 00000000 08:01 1234                       /usr/lib/libc.so.6",
            "Size:                  4 kB",
            "Rss:                   4 kB",
            "THPeligible:    0",
            "VmFlags: rd mr mw me nh");

    @Test
    void findsTheEntryHoldingAnAddress() {
        SmapsMapping huge = SmapsMapping.find(SMAPS, 0x7f0000001000L).orElseThrow();
        assertEquals(0x7f0000000000L, huge.start());
        assertEquals(0x7f0000200000L, huge.end());
        assertEquals(2048 * 1024, huge.rss());
        assertEquals(2048 * 1024, huge.anonHugePages());
        assertTrue(huge.thpEligible());
        assertTrue(huge.hugePagesAdvised());
        assertFalse(huge.hugePagesRefused());
        assertEquals(Set.of("rd", "wr", "mr", "mw", "me", "ac", "hg"), huge.vmFlags());

        SmapsMapping lib = SmapsMapping.find(SMAPS, 0x7f0000200000L).orElseThrow();
        assertTrue(lib.hugePagesRefused());
        assertFalse(lib.thpEligible());
        assertEquals(Optional.empty(), SmapsMapping.find(SMAPS, 0x7f0000201000L), "one past the last mapping");
    }

    @Test
    void findsAMappingOfOurOwn() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/smaps")), "no /proc/self/smaps on this system");
        OsMemory os = OsMemory.system();
        long size = 4L << 20;
        long base = os.map(size);
        try {
            SmapsMapping m = SmapsMapping.containing(base + size / 2).orElseThrow();
            assertTrue(m.start() <= base && m.end() >= base + size, "the VMA " + m + " covers the mapping");
            assertTrue(m.vmFlags().contains("rd") && m.vmFlags().contains("wr"), "readable and writable: " + m);
        } finally {
            os.unmap(base, size);
        }
    }
}
