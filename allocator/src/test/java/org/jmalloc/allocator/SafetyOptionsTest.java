package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.jmalloc.allocator.safety.Junk;
import org.jmalloc.allocator.safety.UseAfterFreeException;
import org.junit.jupiter.api.Test;

/**
 * The safety options do what they say: junk bytes on allocation and free, zeroed blocks, a write
 * after free caught when the block leaves the quarantine (with the allocation stack when the
 * block was sampled), double frees of quarantined blocks, and every listener call in order. And
 * they take the checked path: an allocator with them has no thread cache.
 */
class SafetyOptionsTest {

    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private static boolean allBytes(long address, long size, byte value) {
        for (long i = 0; i < size; i++) {
            if (ALL.get(ValueLayout.JAVA_BYTE, address + i) != value) {
                return false;
            }
        }
        return true;
    }

    @Test
    void junkFillsOnAllocateAndFree() {
        try (Allocator a = Allocator.builder().safety(SafetyOptions.none().withJunk(true)).build()) {
            assertFalse(a.config().threadCache(), "per-call checks run without thread caches");
            assertTrue(a.control().getBoolean("opt.junk"));
            for (long size : new long[] {16, 100, 5000, 40_000}) {
                long p = a.malloc(size);
                assertTrue(allBytes(p, a.usableSize(p), Junk.ALLOC), "0xA5 after malloc(" + size + ")");
                long usable = a.usableSize(p);
                a.free(p);
                // The pages stay mapped: the freed block reads as free junk (first word included).
                assertTrue(allBytes(p, Math.min(usable, 4096), Junk.FREE), "0x5A after free of " + size);
            }
            long c = a.calloc(10, 10);
            assertTrue(allBytes(c, 100, (byte) 0), "calloc still zeroes");
            a.free(c);
        }
    }

    @Test
    void zeroFillsEveryAllocation() {
        try (Allocator a = Allocator.builder().safety(SafetyOptions.none().withZero(true).withJunk(true)).build()) {
            long p = a.malloc(1000);
            ALL.asSlice(p, 1000).fill((byte) 7);
            a.free(p);
            long q = a.malloc(1000); // most likely the same block again
            assertTrue(allBytes(q, a.usableSize(q), (byte) 0), "zeroed despite the junk of the last free");
            long r = a.alignedAlloc(256, 300);
            assertTrue(allBytes(r, a.usableSize(r), (byte) 0));
            a.free(q);
            a.free(r);
        }
    }

    private static long allocateHere(Allocator a) {
        return a.malloc(64);
    }

    @Test
    void writeAfterFreeIsCaughtWithTheAllocationStack() {
        try (Allocator a = Allocator.builder()
                .safety(SafetyOptions.none().withUseAfterFreeCheck(4096))
                .profiling(ProfilingOptions.defaults().withLgSample(0).withLeakReport(null)) // sample everything
                .build()) {
            long p = allocateHere(a);
            a.free(p);
            ALL.set(ValueLayout.JAVA_BYTE, p + 10, (byte) 0x41); // the bug: a write after free
            IllegalStateException twice = assertThrows(IllegalStateException.class, () -> a.free(p));
            assertTrue(twice.getMessage().startsWith(String.format("double free of 0x%x", p)), twice.getMessage());
            UseAfterFreeException e = assertThrows(UseAfterFreeException.class, () -> {
                for (int i = 0; i < 200; i++) { // newer frees push p out of the 4 KiB quarantine
                    a.free(a.malloc(64));
                }
            });
            assertEquals(p, e.address());
            assertEquals(10, e.offset());
            assertTrue(e.getMessage().startsWith(String.format(
                    "use after free of 0x%x: byte 10 of the freed 64-byte block was written after free (0x41 found", p)),
                    e.getMessage());
            assertNotNull(e.allocationStack(), e.getMessage());
            assertEquals("allocateHere", e.allocationStack().get(0).methodName(), e.getMessage());
        }
    }

    @Test
    void untouchedFreedBlocksPassAndCloseDrainsTheQuarantine() {
        Allocator a = Allocator.builder().safety(SafetyOptions.none().withUseAfterFreeCheck(1 << 20)).build();
        for (int i = 0; i < 10_000; i++) {
            a.free(a.malloc(16 + i % 2000));
        }
        long p = a.malloc(128);
        a.free(p);
        ALL.set(ValueLayout.JAVA_LONG, p, 1L);
        UseAfterFreeException e = assertThrows(UseAfterFreeException.class, a::close);
        assertNull(e.allocationStack(), "not sampled: no stack");
        assertTrue(e.getMessage().contains("allocation stack unknown"), e.getMessage());
        a.close(); // the quarantine is empty now: this one closes
        assertThrows(IllegalStateException.class, () -> a.malloc(1));
    }

    @Test
    void listenerSeesEveryCallInOrder() {
        List<String> calls = new ArrayList<>();
        AllocationListener l = new AllocationListener() {
            @Override
            public void beforeAllocate(long size) {
                calls.add("before " + size);
            }

            @Override
            public void afterAllocate(long address, long size, long usableSize) {
                calls.add("after " + size + " " + usableSize);
            }

            @Override
            public void beforeFree(long address, long usableSize) {
                calls.add("free " + usableSize);
            }

            @Override
            public void afterFree(long address, long usableSize) {
                calls.add("freed " + usableSize);
            }

            @Override
            public boolean onFailure(long size, OutOfMemoryError error) {
                calls.add("failed " + size);
                return false;
            }
        };
        try (Allocator a = Allocator.builder().listener(l).maxBytes(64L << 20).build()) {
            long p = a.malloc(100);
            a.free(p);
            assertThrows(OutOfMemoryError.class, () -> a.malloc(1L << 30));
            assertEquals(List.of("before 100", "after 100 112", "free 112", "freed 112", "before 1073741824",
                    "failed 1073741824"), calls);
        }
    }

    @Test
    void listenerMayRetryAFailedAllocation() {
        long[] reserve = new long[1];
        Allocator[] self = new Allocator[1];
        AllocationListener l = new AllocationListener() {
            @Override
            public boolean onFailure(long size, OutOfMemoryError error) {
                if (reserve[0] == 0) {
                    return false;
                }
                self[0].free(reserve[0]); // give back memory held in reserve, then retry
                reserve[0] = 0;
                return true;
            }
        };
        try (Allocator a = Allocator.builder().listener(l).maxBytes(48L << 20).arenas(1).build()) {
            self[0] = a;
            reserve[0] = a.malloc(30L << 20);
            long big = a.malloc(30L << 20); // fits only once the reserve is gone
            assertEquals(0, reserve[0]);
            a.free(big);
        }
    }
}
