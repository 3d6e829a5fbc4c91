package org.jmalloc.benchmarks.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jmalloc.benchmarks.workload.SpscSlotRing;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The {@link MemoryImpl} contract, run against every implementation whose library is installed. */
class MemoryImplContractTest {

    private static final long[] SIZES = {2, 16, 64, 100, 1024, 4096, 32768, 256 * 1024, 4 << 20};

    private static MemoryImpl open(Impl impl, int slots) {
        String missing = switch (impl) {
            case MIMALLOC -> NativeMemory.unavailable(NativeMemory.MIMALLOC);
            case TCMALLOC -> NativeMemory.unavailable(NativeMemory.TCMALLOC);
            default -> null;
        };
        assumeTrue(missing == null, () -> impl + " skipped: " + missing);
        return impl.open(slots);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void allocate_blocksHoldTheirBytesIndependently(Impl impl) {
        try (MemoryImpl memory = open(impl, SIZES.length)) {
            assertEquals(impl.id(), memory.name());
            for (int slot = 0; slot < SIZES.length; slot++) {
                memory.allocate(slot, SIZES[slot]);
                assertTrue(memory.isLive(slot));
                memory.write(slot, 0, (byte) slot);
                memory.write(slot, SIZES[slot] - 1, (byte) (100 + slot));
            }
            for (int slot = 0; slot < SIZES.length; slot++) {
                assertEquals((byte) slot, memory.read(slot, 0), "first byte of slot " + slot);
                assertEquals((byte) (100 + slot), memory.read(slot, SIZES[slot] - 1), "last byte of slot " + slot);
                memory.free(slot, SIZES[slot]);
                assertFalse(memory.isLive(slot));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void reallocate_keepsTheContentWhileGrowingFrom64BytesTo1MiB(Impl impl) {
        try (MemoryImpl memory = open(impl, 1)) {
            memory.allocate(0, 64);
            for (int i = 0; i < 64; i++) {
                memory.write(0, i, (byte) i);
            }
            long size = 64;
            while (size < (1 << 20)) {
                memory.reallocate(0, size, size * 2);
                size *= 2;
                memory.write(0, size - 1, (byte) 7);
            }
            for (int i = 0; i < 64; i++) {
                assertEquals((byte) i, memory.read(0, i), "byte " + i + " after growth");
            }
            assertEquals((byte) 7, memory.read(0, size - 1));
            memory.free(0, size);
        }
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void realloc_isNativeExactlyForTheAllocatorsThatHaveOne(Impl impl) {
        try (MemoryImpl memory = open(impl, 1)) {
            boolean copies = impl == Impl.JMALLOC_SEGMENT || impl == Impl.NETTY_POOLED || impl == Impl.NETTY_ADAPTIVE;
            assertEquals(copies ? MemoryImpl.Realloc.COPY : MemoryImpl.Realloc.NATIVE, memory.realloc());
        }
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void move_transfersTheBlockAndEmptiesTheSource(Impl impl) {
        try (MemoryImpl memory = open(impl, 2)) {
            memory.allocate(0, 128);
            memory.write(0, 127, (byte) 42);
            memory.move(0, 1);
            assertFalse(memory.isLive(0));
            assertTrue(memory.isLive(1));
            assertEquals((byte) 42, memory.read(1, 127));
            memory.free(1, 128);
        }
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void close_freesLiveBlocksAndIsIdempotent(Impl impl) {
        MemoryImpl memory = open(impl, 4);
        memory.allocate(0, 16);
        memory.allocate(3, 5000);
        memory.close();
        assertFalse(memory.isLive(0));
        assertFalse(memory.isLive(3));
        memory.close();
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void free_acceptsBlocksAllocatedByAnotherThread(Impl impl) throws Exception {
        int blocks = 20_000;
        SpscSlotRing ring = new SpscSlotRing(64);
        try (MemoryImpl memory = open(impl, ring.capacity())) {
            CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < blocks; i++) {
                    int slot;
                    while ((slot = ring.claim()) < 0) {
                        Thread.onSpinWait();
                    }
                    memory.allocate(slot, 16 + (i % 200));
                    memory.write(slot, 0, (byte) i);
                    ring.publish();
                }
            });
            for (int i = 0; i < blocks; i++) {
                int slot;
                while ((slot = ring.peek()) < 0) {
                    Thread.onSpinWait();
                }
                assertEquals((byte) i, memory.read(slot, 0), "block " + i + " arrives in order with its content");
                memory.free(slot, 16 + (i % 200));
                ring.release();
            }
            producer.get(60, TimeUnit.SECONDS);
            assertEquals(0, ring.size());
        }
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void countersSeeALargeBlockWhereTheAllocatorCountsAndPurgeRuns(Impl impl) {
        long size = 16L << 20;
        try (MemoryImpl memory = open(impl, 1)) {
            AllocatorCounters before = memory.counters();
            memory.allocate(0, size);
            memory.write(0, size - 1, (byte) 1);
            AllocatorCounters held = memory.counters();
            if (before.allocated() != AllocatorCounters.UNKNOWN) {
                assertTrue(held.allocated() - before.allocated() >= size - (1 << 20),
                        impl + " allocated grew by " + (held.allocated() - before.allocated()));
            }
            if (before.mapped() != AllocatorCounters.UNKNOWN) {
                assertTrue(held.mapped() - before.mapped() >= size - (1 << 20),
                        impl + " mapped grew by " + (held.mapped() - before.mapped()));
            }
            memory.free(0, size);
            memory.purge();
            if (impl == Impl.JMALLOC || impl == Impl.JMALLOC_UNMARKED || impl == Impl.JMALLOC_SEGMENT) {
                assertEquals(0, memory.counters().allocated(), "jmalloc holds nothing after free and purge");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void defragment_movesBlocksWithTheirContentOnJmallocsRawApiAndIsRefusedElsewhere(Impl impl) {
        boolean hint = impl == Impl.JMALLOC || impl == Impl.JMALLOC_UNMARKED || impl == Impl.JMALLOC_PROF;
        if (!hint) {
            try (MemoryImpl memory = open(impl, 1)) {
                assertFalse(memory.defragments(), impl.id());
                memory.allocate(0, 64);
                UnsupportedOperationException e = org.junit.jupiter.api.Assertions.assertThrows(
                        UnsupportedOperationException.class, () -> memory.defragment(new long[] {64}, 1));
                assertEquals(impl.id() + " has no defragmentation hint (shouldMove)", e.getMessage());
                assertTrue(memory.isLive(0), "the block stays where it was");
                memory.free(0, 64);
            }
            return;
        }
        int slots = 20_000;
        long[] sizes = new long[slots];
        try (MemoryImpl memory = open(impl, slots)) {
            assertTrue(memory.defragments(), impl.id());
            for (int slot = 0; slot < slots; slot++) {
                sizes[slot] = 16 + slot % 500;
                memory.allocate(slot, sizes[slot]);
                memory.write(slot, sizes[slot] - 1, (byte) slot);
            }
            for (int slot = 0; slot < slots; slot++) {
                if (slot % 10 != 0) {
                    memory.free(slot, sizes[slot]);
                }
            }
            long moved = memory.defragment(sizes, 4);
            assertTrue(moved > 0, impl + ": a tenth of the blocks left in their slabs, none moved");
            for (int slot = 0; slot < slots; slot += 10) {
                assertEquals((byte) slot, memory.read(slot, sizes[slot] - 1), "last byte of slot " + slot);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void backgroundPurgeIsOnForJmallocAndJemallocOnly() {
        for (Impl impl : new Impl[] {Impl.JMALLOC, Impl.JEMALLOC, Impl.GLIBC, Impl.NETTY_POOLED}) {
            Impl.Opened opened = impl.openWithBackgroundPurge(1);
            try (MemoryImpl memory = opened.memory()) {
                assertEquals(impl == Impl.JMALLOC || impl == Impl.JEMALLOC, opened.backgroundPurge(), impl.id());
                memory.allocate(0, 100);
                memory.free(0, 100);
            }
        }
    }
}
