package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the allocator does at its {@code maxBytes} limit when a request finds no free run as large
 * as it needs although the free runs together would be enough: retained runs (no resident pages)
 * are unmapped to make room; dirty ones only when at least half of the limit is free. A heap that
 * is mostly live fails the request instead of throwing resident pages away to fault fresh ones in.
 */
class LimitReclaimTest {

    private static final long MIB = 1L << 20;
    private static final long LIMIT = 64 * MIB;

    /** One arena, no thread cache, pages that stay dirty until purge(): the states follow from the calls. */
    private static Allocator limited() {
        return Allocator.builder().maxBytes(LIMIT).arenas(1).threadCache(false).dirtyDecay(Duration.ofSeconds(-1))
                .build();
    }

    /**
     * Purges the free pages to retained by decay at once (not with {@code purge()}, which unmaps the
     * retained runs as well).
     */
    static void retainFreePages(Allocator allocator) {
        allocator.control().set("arena.0.muzzy_decay_ms", 0L);
        allocator.control().set("arena.0.dirty_decay_ms", 0L);
    }

    /** 1 MiB blocks until the limit refuses one, in address order. */
    private static List<Long> fill(Allocator allocator) {
        List<Long> blocks = new ArrayList<>();
        try {
            while (blocks.size() <= LIMIT / MIB) {
                long b = allocator.malloc(MIB);
                Cookies.fill(b, MIB, (byte) 1);
                blocks.add(b);
            }
        } catch (OutOfMemoryError full) {
            // the limit is reached
        }
        blocks.sort(Long::compare);
        return blocks;
    }

    /**
     * Frees every {@code period}th block, or (with {@code keepOne}) all but every {@code period}th,
     * so the free runs are holes between live blocks; returns the bytes freed.
     */
    private static long freeEvery(Allocator allocator, List<Long> blocks, int period, boolean keepOne) {
        long freed = 0;
        for (int i = 0; i < blocks.size(); i++) {
            boolean free = keepOne ? i % period != 0 : i % period == 0;
            if (free) {
                allocator.free(blocks.get(i));
                blocks.set(i, 0L);
                freed += MIB;
            }
        }
        return freed;
    }

    @Test
    void aMostlyLiveHeapFailsTheRequestWithoutUnmappingDirtyPages() {
        try (Allocator allocator = limited()) {
            List<Long> blocks = fill(allocator);
            long freed = freeEvery(allocator, blocks, 4, false); // a quarter free, in 1 MiB holes
            assertTrue(freed < LIMIT / 2 && freed >= 4 * MIB, "freed " + freed);
            Stats before = allocator.stats();

            OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> allocator.malloc(4 * MIB));
            Stats after = allocator.stats();
            assertEquals("cannot allocate " + 4 * MIB + " bytes: the allocator's limit of " + LIMIT
                    + " mapped bytes would be exceeded", e.getMessage());
            assertEquals(OutOfMemoryError.class, e.getClass(), "the application gets a plain OutOfMemoryError");
            assertTrue(e.getStackTrace().length > 0, "with the caller's stack");
            assertEquals(0, after.work().minus(before.work()).munmap(), "munmap calls");
            assertEquals(0, after.work().minus(before.work()).mmap(), "mmap calls");
            assertEquals(before.arenas().get(0).dirty(), after.arenas().get(0).dirty(), "dirty bytes kept");

            long small = allocator.malloc(MIB); // a request a hole fits is served from it
            allocator.free(small);
            blocks.stream().filter(b -> b != 0).forEach(allocator::free);
        }
    }

    @Test
    void retainedRunsAreUnmappedToMakeRoomEvenInAMostlyLiveHeap() {
        try (Allocator allocator = limited()) {
            List<Long> blocks = fill(allocator);
            freeEvery(allocator, blocks, 4, false);
            retainFreePages(allocator); // the holes become retained: address space without pages
            Stats before = allocator.stats();
            assertTrue(before.retained() >= 4 * MIB, "retained " + before.retained());

            long big = allocator.malloc(4 * MIB);
            Stats after = allocator.stats();
            assertTrue(after.work().minus(before.work()).munmap() > 0, "retained runs unmapped");
            assertTrue(after.mapped() + after.retained() <= LIMIT, "within the limit: mapped " + after.mapped()
                    + " + retained " + after.retained());
            Cookies.fill(big, 4 * MIB, (byte) 2);
            allocator.free(big);
            blocks.stream().filter(b -> b != 0).forEach(allocator::free);
        }
    }

    @Test
    void aMostlyFreeHeapWithNoRunLargeEnoughUnmapsDirtyRunsToServeTheRequest() {
        try (Allocator allocator = limited()) {
            List<Long> blocks = fill(allocator);
            long freed = freeEvery(allocator, blocks, 4, true); // three quarters free, in 3 MiB holes
            assertTrue(freed >= LIMIT / 2, "freed " + freed);
            Stats before = allocator.stats();

            long big = allocator.malloc(8 * MIB);
            Stats after = allocator.stats();
            assertTrue(after.work().minus(before.work()).munmap() > 0, "free runs unmapped for the new mapping");
            assertTrue(after.mapped() + after.retained() <= LIMIT, "within the limit: mapped " + after.mapped()
                    + " + retained " + after.retained());
            Cookies.fill(big, 8 * MIB, (byte) 3);
            allocator.free(big);
            blocks.stream().filter(b -> b != 0).forEach(allocator::free);
        }
    }
}
