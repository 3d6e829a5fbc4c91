package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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
                allocator.purge();
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
}
