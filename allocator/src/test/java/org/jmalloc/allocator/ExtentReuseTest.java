package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reuse before growth through the public API: a freed 3 MiB block serves a later 2 MiB request from
 * the same address range, whatever state its pages have reached (still dirty, or purged to
 * retained), and the allocator maps nothing for it.
 */
class ExtentReuseTest {

    private static final long MIB = 1L << 20;

    @ParameterizedTest(name = "purged first: {0}")
    @ValueSource(booleans = {false, true})
    void aFreed3MiBBlockServesALater2MiBRequestWithoutMapping(boolean purged) {
        try (Allocator allocator = Allocator.builder().arenas(1).dirtyDecay(Duration.ofSeconds(-1)).build()) {
            long big = allocator.malloc(3 * MIB);
            long guard = allocator.malloc(64); // a slab after it, so the freed run has a live neighbour
            allocator.free(big);
            if (purged) {
                LimitReclaimTest.retainFreePages(allocator); // retained: reused before anything is mapped
            }
            Stats before = allocator.stats();
            long reused = allocator.malloc(2 * MIB);
            Stats after = allocator.stats();

            assertEquals(big, reused, "the 2 MiB block starts where the freed 3 MiB block did");
            assertEquals(0, after.work().minus(before.work()).mmap(), "mmap calls for the 2 MiB block");
            assertEquals(before.mapped() + before.retained(), after.mapped() + after.retained(),
                    "address space held (mapped + retained)");
            assertTrue(after.active() >= before.active() + 2 * MIB, "the 2 MiB are active");
            allocator.free(reused);
            allocator.free(guard);
        }
    }

    @Test
    void purgeGivesTheRetainedAddressSpaceBackToo() {
        try (Allocator allocator = Allocator.builder().arenas(1).build()) {
            long[] blocks = new long[16];
            for (int i = 0; i < blocks.length; i++) {
                blocks[i] = allocator.malloc(3 * MIB);
            }
            for (long block : blocks) {
                allocator.free(block);
            }
            LimitReclaimTest.retainFreePages(allocator);
            Stats before = allocator.stats();
            assertTrue(before.retained() >= 48 * MIB, "freed and decayed: retained " + before.retained());
            allocator.purge();
            Stats after = allocator.stats();
            assertEquals(0, after.retained(), "retained after purge()");
            assertEquals(0, after.mapped(), "mapped after purge()");
            assertTrue(after.work().minus(before.work()).munmap() > 0, "munmap calls");
            long again = allocator.malloc(3 * MIB); // the arena maps afresh
            Cookies.fill(again, 3 * MIB, (byte) 7);
            allocator.free(again);
        }
    }
}
