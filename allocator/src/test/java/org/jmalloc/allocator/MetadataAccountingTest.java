package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jmalloc.allocator.extent.PageIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code stats.metadata} is what the allocator really holds for bookkeeping: the page index's share is the index
 * pages the kernel reports resident ({@code /proc/self/smaps}), the slab bitmaps' share what was carved from the
 * allocator's metadata mappings, the rest is Java heap the allocating thread really allocated
 * ({@code getThreadAllocatedBytes}); and for 64 MiB of blocks from 16 B to 4 KiB it stays within 2 % of the
 * allocated bytes (the footprint target that {@code MetadataFootprintBenchmark} measures).
 */
class MetadataAccountingTest {

    private static final long TOTAL = 64L << 20;

    /**
     * Compared as growth over one workload, since a lookup of an address nobody registered (an invalid free in
     * another test) may have made an index page resident before, uncharged.
     */
    @Test
    void pageIndexGrowsByWhatTheKernelHasResident() throws IOException {
        long residentBefore = residentBytes(PageIndex.mappings());
        long touchedBefore = PageIndex.touchedBytes();
        try (Allocator allocator = Allocator.builder().arenas(1).build()) {
            long[] blocks = new long[20_000];
            for (int i = 0; i < blocks.length; i++) {
                // 16 B to 4 KiB (slabs), up to 256 KiB (large, thread-cached, every unit registered) and every
                // 1000th 4 MiB (large, not registered, but its free reads its first unit's entry)
                blocks[i] = allocator.malloc(i % 1000 == 0 ? 4L << 20 : 16L << (i % 15));
            }
            assertTrue(PageIndex.metadataBytes(allocator.pageIndexOwner()) > 0, "the allocator is charged for its pages");
            for (long b : blocks) {
                allocator.free(b);
            }
            assertEquals(residentBytes(PageIndex.mappings()) - residentBefore, PageIndex.touchedBytes() - touchedBefore,
                    "index pages touched against the kernel's resident pages of the index mappings");
        }
    }

    @ParameterizedTest(name = "size={0}")
    @ValueSource(longs = {16, 256, 4096})
    void metadataIsTheHeapAndIndexReallyUsedAndWithinTwoPercent(long size) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        rehearse(size); // loads and links the paths first, so their one-time allocations are not in the figure
        try (Allocator allocator = Allocator.builder().build()) {
            int n = (int) (TOTAL / size);
            long[] blocks = new long[n];
            int owner = allocator.pageIndexOwner();
            Stats before = allocator.stats();
            long indexBefore = PageIndex.metadataBytes(owner);
            long offHeapBefore = allocator.parts.memory.metadata().carvedBytes();
            long heapBefore = threads.getThreadAllocatedBytes(self);
            for (int i = 0; i < n; i++) {
                blocks[i] = allocator.malloc(size);
            }
            long heap = threads.getThreadAllocatedBytes(self) - heapBefore;
            Stats after = allocator.stats();
            long index = PageIndex.metadataBytes(owner) - indexBefore;
            long offHeap = allocator.parts.memory.metadata().carvedBytes() - offHeapBefore;
            assertTrue(offHeap > 0, "the slabs' bitmaps are off the heap: " + offHeap + " B carved");
            assertTrue(offHeap <= allocator.parts.memory.metadata().mappedBytes(), "carved " + offHeap
                    + " B from " + allocator.parts.memory.metadata().mappedBytes() + " B of metadata mappings");
            long counted = after.metadata() - before.metadata() - index - offHeap;
            // Counted heap bookkeeping never exceeds what the thread allocated; the rest of what it allocated is
            // garbage of the slow paths (the parking stacks' smaller arrays as they grow, sampling's counter
            // snapshots), about a fifth at 16 B.
            assertTrue(counted <= heap, "counted " + counted + " B of heap metadata, the thread allocated " + heap);
            assertTrue(counted >= heap * 2 / 3, "counted " + counted + " B of heap metadata, the thread allocated "
                    + heap + ": more than a third is not counted");
            double ratio = (double) after.metadata() / after.allocated();
            assertTrue(ratio <= 0.02, String.format("metadata %d B over allocated %d B = %.4f, above 2 %%",
                    after.metadata(), after.allocated(), ratio));
            for (long b : blocks) {
                allocator.free(b);
            }
        }
    }

    private static void rehearse(long size) {
        try (Allocator allocator = Allocator.builder().build()) {
            long[] blocks = new long[(int) (TOTAL / size / 64)];
            for (int i = 0; i < blocks.length; i++) {
                blocks[i] = allocator.malloc(size);
            }
            for (long b : blocks) {
                allocator.free(b);
            }
            allocator.stats();
        }
    }

    /**
     * Resident bytes of the mappings by {@code /proc/self/smaps}: the {@code Rss} of every mapping (VMA) that
     * overlaps one of them, each of which must lie within them (the index's mappings are advised
     * {@code MADV_NOHUGEPAGE}, so the kernel keeps them apart from the heap's and the allocator's). {@code Rss}
     * counts the pages written, not the shared zero page that reading an untouched page maps (which {@code mincore}
     * would report).
     */
    private static long residentBytes(long[] mappings) throws IOException {
        long resident = 0;
        long start = -1;
        long end = -1;
        boolean ours = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            int dash = line.indexOf('-');
            int space = line.indexOf(' ');
            if (dash > 0 && space > dash && line.substring(0, dash).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                start = Long.parseUnsignedLong(line.substring(0, dash), 16);
                end = Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
                ours = overlaps(mappings, start, end);
                if (ours) {
                    assertTrue(within(mappings, start, end), String.format(
                            "mapping 0x%x-0x%x overlaps the index but is not all index", start, end));
                }
            } else if (ours && line.startsWith("Rss:")) {
                resident += Long.parseLong(line.substring(4).replace("kB", "").trim()) * 1024;
            }
        }
        return resident;
    }

    private static boolean overlaps(long[] mappings, long start, long end) {
        for (int i = 0; i < mappings.length; i += 2) {
            if (mappings[i] < end && start < mappings[i] + mappings[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** Whether every page of {@code [start, end)} is in one of the mappings. */
    private static boolean within(long[] mappings, long start, long end) {
        for (long page = start; page < end; page += 4096) {
            if (!overlaps(mappings, page, page + 1)) {
                return false;
            }
        }
        return true;
    }
}
