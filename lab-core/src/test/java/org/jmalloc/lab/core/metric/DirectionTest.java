package org.jmalloc.lab.core.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DirectionTest {

    @Test
    void regression_isPositiveWhenTheCandidateIsWorseInEitherDirection() {
        assertEquals(0.10, Direction.LOWER_IS_BETTER.regression(10, 11), 1e-12, "11 ns after 10 ns");
        assertEquals(-0.10, Direction.LOWER_IS_BETTER.regression(10, 9), 1e-12);
        assertEquals(0.10, Direction.HIGHER_IS_BETTER.regression(10, 9), 1e-12, "9 Mops/s after 10");
        assertEquals(-0.10, Direction.HIGHER_IS_BETTER.regression(10, 11), 1e-12);
    }

    @Test
    void regression_isNaNWithoutABaseline() {
        assertTrue(Double.isNaN(Direction.LOWER_IS_BETTER.regression(0, 1)));
        assertTrue(Double.isNaN(Direction.HIGHER_IS_BETTER.regression(Double.NaN, 1)));
        assertTrue(Double.isNaN(Direction.HIGHER_IS_BETTER.regression(1, Double.NaN)));
    }

    @Test
    void isBetter_followsTheDirectionAndRejectsNaN() {
        assertTrue(Direction.LOWER_IS_BETTER.isBetter(1, 2));
        assertFalse(Direction.LOWER_IS_BETTER.isBetter(2, 2));
        assertTrue(Direction.HIGHER_IS_BETTER.isBetter(3, 2));
        assertFalse(Direction.HIGHER_IS_BETTER.isBetter(Double.NaN, 2));
    }
}
