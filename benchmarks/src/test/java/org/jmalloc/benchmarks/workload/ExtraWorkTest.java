package org.jmalloc.benchmarks.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExtraWorkTest {

    @Test
    void serializeIsZeroWithAZeroMaskWhateverTheChain() {
        for (int steps = 0; steps <= 64; steps++) {
            assertEquals(0, ExtraWork.serialize(0x7f3a_1234_5670L + steps * 16L, steps, 0));
        }
    }

    @Test
    void everyStepChangesTheChainsValue() {
        // With an all-ones mask the chain's own bits come through: each added step gives a new value, so no step is
        // an identity the JIT could drop.
        Set<Integer> seen = new HashSet<>();
        for (int steps = 0; steps <= 64; steps++) {
            seen.add(ExtraWork.serialize(0x7f3a_1234_5670L, steps, -1));
        }
        assertEquals(65, seen.size());
    }

    @Test
    void theLanesStartFromTheAddress() {
        assertNotEquals(ExtraWork.spin(0x1000, 8), ExtraWork.spin(0x2000, 8));
    }
}
