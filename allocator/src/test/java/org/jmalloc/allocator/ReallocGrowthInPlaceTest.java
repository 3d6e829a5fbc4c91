package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A growing buffer, as {@code ReallocGrowthLatencyBenchmark} runs it: 64 bytes doubled by realloc to 1 MiB, then
 * freed, again and again. Once the buffer is large it grows in place at every step, in every round: the pages
 * after it are free (the last round's buffer, freed), whether they are still dirty, already muzzy or retained, so
 * realloc copies nothing and maps nothing. A round whose large steps moved is named with the step that moved.
 */
class ReallocGrowthInPlaceTest {

    private static final long SMALL_MAX = 14 * 1024;
    private static final long FINAL = 1 << 20;
    private static final int ROUNDS = 200;

    @ParameterizedTest(name = "dirty decay {0} ms, muzzy decay {1} ms")
    @CsvSource({"10000, 10000", "0, -1", "0, 0"})
    void aGrowingLargeBlockKeepsItsAddressWhenThePagesAfterItAreFree(long dirtyMs, long muzzyMs) {
        try (Allocator allocator = Allocator.builder().arenas(1)
                .dirtyDecay(Duration.ofMillis(dirtyMs)).muzzyDecay(Duration.ofMillis(muzzyMs)).build()) {
            prime(allocator);
            long mmapBefore = 0;
            for (int round = 0; round < ROUNDS; round++) {
                if (round == 1) {
                    mmapBefore = allocator.stats().work().mmap();
                }
                long p = allocator.malloc(64);
                long firstLarge = 0;
                for (long size = 64; size < FINAL; size <<= 1) {
                    long q = allocator.realloc(p, size << 1);
                    if (size << 1 > SMALL_MAX) {
                        if (firstLarge == 0) {
                            firstLarge = q;
                        }
                        assertEquals(firstLarge, q, "round " + round + ": realloc to " + (size << 1) + " moved the block");
                    }
                    p = q;
                }
                allocator.free(p, FINAL);
            }
            assertEquals(mmapBefore, allocator.stats().work().mmap(), "mmap calls after the first round");
        }
    }

    /** The benchmark's priming: malloc/free pairs from 16 B to 32 KiB, which leaves large blocks in the thread cache. */
    private static void prime(Allocator allocator) {
        for (int i = 0; i < 20_000; i++) {
            long size = 16L << (i % 12);
            if (size > 32 * 1024) {
                size = 16 + (i % (32 * 1024));
            }
            long p = allocator.malloc(size);
            allocator.free(p, size);
        }
    }
}
