package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random API sequences checked against a reference model ({@link ReferenceModel}): 20,000 seeded
 * steps per configuration. The seed is printed in every failure; rerun with
 * {@code -Djmalloc.test.seed=<seed>} to replay a sequence.
 */
class AllocatorReferenceModelTest {

    private static final long SEED = Long.getLong("jmalloc.test.seed", 0x6A6D616C6C6F63L);
    private static final int OPERATIONS = 20_000;
    private static final int MAX_LIVE_BLOCKS = 1_500;
    private static final long MAX_LIVE_BYTES = 64 * ReferenceModel.MIB;

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jmalloc.allocator.AllocatorConfigurations#all")
    void randomSequencesMatchTheModel(AllocatorConfigurations.Spec spec) {
        try (Allocator allocator = spec.build()) {
            ReferenceModel model = new ReferenceModel(allocator, SEED ^ spec.hashCode(), spec.toString(),
                    MAX_LIVE_BLOCKS, MAX_LIVE_BYTES);
            model.run(OPERATIONS);
            model.freeAll();
            allocator.flushThreadCache();
            assertEquals(0, allocator.stats().allocated(),
                    spec + ": stats().allocated after the model freed every block and flushed its thread cache");
        }
    }

    /** The model must notice a block handed out twice, or the test above proves nothing. */
    @Test
    void modelDetectsABlockHandedOutTwice() {
        try (Allocator allocator = Allocator.builder().arenas(1).threadCache(false)
                .testFault(TestFault.OVERLAP_ONCE).build()) {
            ReferenceModel model = new ReferenceModel(allocator, SEED, "OVERLAP_ONCE", MAX_LIVE_BLOCKS,
                    MAX_LIVE_BYTES);
            model.malloc(64);
            AssertionError error = assertThrows(AssertionError.class, () -> model.malloc(64),
                    "the second 64-byte malloc returns the first one's address; the model must reject it");
            assertTrue(error.getMessage().contains("overlaps"), error.getMessage());
        }
    }

    @Test
    void randomSequenceDetectsAnInjectedOverlap() {
        try (Allocator allocator = Allocator.builder().arenas(1).threadCache(false)
                .testFault(TestFault.OVERLAP_ONCE).build()) {
            ReferenceModel model = new ReferenceModel(allocator, SEED, "OVERLAP_ONCE", MAX_LIVE_BLOCKS,
                    MAX_LIVE_BYTES);
            AssertionError error = assertThrows(AssertionError.class, () -> model.run(OPERATIONS),
                    "one small malloc returned a live block's address; the random sequence must notice");
            assertTrue(error.getMessage().contains("overlaps") || error.getMessage().contains("cookie"),
                    error.getMessage());
        }
    }
}
