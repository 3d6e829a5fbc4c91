package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jmalloc.allocator.os.SmapsMapping;
import org.jmalloc.allocator.os.Thp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code Builder.thp}: the advice reaches the kernel for every region the allocator maps, as
 * {@code /proc/self/smaps} shows it ({@code VmFlags} {@code hg} for {@code MADV_HUGEPAGE}, {@code nh}
 * for {@code MADV_NOHUGEPAGE}). Skipped, saying why, where the kernel has no transparent huge pages
 * or reports no {@code VmFlags}; the advice given is checked on a recording OS everywhere.
 */
class ThpTest {

    private static final Path THP = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    private static final Path SMAPS = Path.of("/proc/self/smaps");

    @ParameterizedTest
    @EnumSource(Thp.class)
    void theKernelShowsTheAdviceOnTheAllocatorsMappings(Thp mode) {
        assumeTrue(Files.isReadable(SMAPS), "skipped: no /proc/self/smaps on this system");
        assumeTrue(Files.isReadable(THP), "skipped: the kernel has no transparent huge pages (no " + THP + ")");
        try (Allocator allocator = Allocator.builder().thp(mode).build()) {
            long small = allocator.malloc(64); // in a chunk the arena grew by
            long huge = allocator.malloc(40L << 20); // a mapping of its own
            for (long address : new long[] {small, huge}) {
                SmapsMapping m = SmapsMapping.containing(address).orElseThrow(
                        () -> new AssertionError(String.format("no mapping holds 0x%x", address)));
                assumeTrue(!m.vmFlags().isEmpty(), "skipped: the kernel reports no VmFlags in " + SMAPS);
                assertEquals(mode == Thp.ALWAYS, m.hugePagesAdvised(), mode + ", VmFlags " + m.vmFlags());
                assertEquals(mode == Thp.NEVER, m.hugePagesRefused(), mode + ", VmFlags " + m.vmFlags());
            }
            assertEquals(mode.name().toLowerCase(java.util.Locale.ROOT), allocator.control().get("opt.thp"));
            assertEquals(mode, allocator.config().thp());
            allocator.free(small);
            allocator.free(huge);
        }
    }

    /** Every mapping, and only a mapping, gets the advice once, over its whole range; none with the default. */
    @ParameterizedTest
    @EnumSource(Thp.class)
    void everyMappingIsAdvisedOnceOverItsWholeRange(Thp mode) {
        TestOsMemory os = TestOsMemory.counting();
        try (Allocator allocator = Allocator.builder().osMemory(os).thp(mode).arenas(1).build()) {
            List<Long> blocks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                blocks.add(allocator.malloc(3L << 20));
            }
            blocks.add(allocator.malloc(64));
            long madvise = allocator.stats().work().madvise();
            blocks.forEach(allocator::free);
            List<List<Long>> expected = mode == Thp.DEFAULT ? List.of()
                    : os.maps().stream().map(m -> List.of(m.get(0), m.get(1), mode == Thp.ALWAYS ? 1L : 0L)).toList();
            assertEquals(expected, os.advice(), mode + ": advice [address, size, huge] per mapping");
            assertTrue(os.maps().size() >= 2, "the arena grew more than once: " + os.maps());
            assertEquals(mode == Thp.DEFAULT ? 0 : os.maps().size(), madvise, "madvise calls counted");
        }
    }

    @Test
    void aRefusedAdviceLeavesTheMappingUsable() {
        TestOsMemory os = TestOsMemory.counting();
        os.refuseHugePageAdvice();
        try (Allocator allocator = Allocator.builder().osMemory(os).thp(Thp.ALWAYS).build()) {
            long a = allocator.malloc(1L << 20);
            Cookies.write(a, 1L << 20, 3);
            Cookies.check(a, 1L << 20, 3, "a block in a mapping whose advice was refused");
            allocator.free(a);
            assertFalse(os.advice().isEmpty(), "the advice was asked for");
        }
    }

    @Test
    void aNullSettingIsRejected() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Allocator.builder().thp(null));
        assertEquals("thp", e.getMessage());
    }
}
