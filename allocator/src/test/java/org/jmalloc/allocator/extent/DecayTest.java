package org.jmalloc.allocator.extent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The smootherstep curve on its own, then the decay of one burst of unused pages followed epoch by
 * epoch with an explicit clock (no sleeping), as the page allocator drives it: ask
 * {@link Decay#purgeable}, purge that many, report the rest through {@link Decay#purged}.
 */
class DecayTest {

    private static final long DECAY = 10_000_000_000L; // 10 s
    private static final long EPOCH = DECAY / Decay.STEPS;
    private static final long BURST = 10_000;
    /** An arbitrary clock origin, far from zero so that nothing depends on it. */
    private static final long T0 = 123_456_789_012L;

    // ---- the curve ---------------------------------------------------------------------------

    @Test
    void smootherstepIsZeroAtZeroAndOneAtOne() {
        assertEquals(0.0, Decay.smootherstep(0), 0.0);
        assertEquals(1.0, Decay.smootherstep(1), 0.0);
        assertEquals(0.0, Decay.smootherstep(-0.5), 0.0, "clamped below 0");
        assertEquals(1.0, Decay.smootherstep(1.5), 0.0, "clamped above 1");
        assertEquals(0.5, Decay.smootherstep(0.5), 1e-15);
    }

    @Test
    void smootherstepIsMonotonicAndSymmetric() {
        int n = 100_000;
        double previous = 0;
        for (int i = 0; i <= n; i++) {
            double x = (double) i / n;
            double h = Decay.smootherstep(x);
            if (h < previous) {
                fail("h(" + x + ") = " + h + " < h of the previous point " + previous);
            }
            if (Math.abs(Decay.smootherstep(1 - x) - (1 - h)) > 1e-12) {
                fail("h(1 - " + x + ") = " + Decay.smootherstep(1 - x) + " but 1 - h(" + x + ") = " + (1 - h));
            }
            previous = h;
        }
    }

    @Test
    void smootherstepIsFlatAtBothEnds() {
        double dx = 1e-4;
        double slopeAtZero = Decay.smootherstep(dx) / dx;
        double slopeAtOne = (1 - Decay.smootherstep(1 - dx)) / dx;
        double slopeInTheMiddle = (Decay.smootherstep(0.5 + dx) - Decay.smootherstep(0.5 - dx)) / (2 * dx);
        assertTrue(slopeAtZero < 1e-6, "slope near 0: " + slopeAtZero);
        assertTrue(slopeAtOne < 1e-6, "slope near 1: " + slopeAtOne);
        // h'(1/2) = 30 x²(1−x)² = 15/8: the purge rate peaks half way.
        assertEquals(15.0 / 8, slopeInTheMiddle, 1e-6);
    }

    // ---- one burst -----------------------------------------------------------------------------

    @Test
    void nothingIsPurgeableBeforeTheFirstEpochEnds() {
        Decay decay = new Decay(DECAY, T0);
        assertFalse(decay.immediate());
        assertFalse(decay.never());
        for (long now = T0; now < T0 + EPOCH; now += EPOCH / 7) {
            assertFalse(decay.due(now), "due " + (now - T0) + " ns after the start");
            assertEquals(0, decay.purgeable(now, BURST), (now - T0) + " ns after the start");
        }
        assertTrue(decay.due(T0 + EPOCH), "due once an epoch has passed");
    }

    /**
     * A burst at the start of epoch 0 is first counted when that epoch ends, in the newest backlog
     * slot with weight {@code h(STEPS/STEPS) = 1}; {@code k} epochs after the burst it sits in slot
     * {@code STEPS − k} with weight {@code h(1 − (k − 1)/STEPS)}. So what stays follows the curve one
     * epoch behind the burst, and the burst is gone one epoch after the decay time.
     */
    @Test
    void aBurstDecaysAlongTheCurveAndIsGoneOneEpochAfterTheDecayTime() {
        Decay decay = new Decay(DECAY, T0);
        long remaining = BURST;
        long purgedSoFar = 0;
        for (int k = 1; k <= Decay.STEPS + 1; k++) {
            long now = T0 + k * EPOCH;
            long purge = decay.purgeable(now, remaining);
            if (purge < 0 || purge > remaining) {
                fail("epoch " + k + ": purgeable = " + purge + " of " + remaining + " pages");
            }
            remaining -= purge;
            purgedSoFar += purge;
            decay.purged(remaining);
            double stay = BURST * Decay.smootherstep(1 - (double) (k - 1) / Decay.STEPS);
            if (Math.abs(remaining - stay) > 1.0) {
                fail(String.format("epoch %d: %d pages stay, the curve one epoch behind says %.2f", k, remaining, stay));
            }
        }
        assertEquals(0, remaining, "pages left one epoch after the decay time");
        assertEquals(BURST, purgedSoFar);
    }

    /**
     * The same burst, first counted at the end of epoch 0, then followed at irregular instants
     * (several epochs at once, or none): purges only grow, what stays is the same curve as when asked
     * every epoch, and everything is gone one epoch after the decay time.
     */
    @Test
    void theCurveDoesNotDependOnHowOftenItIsAsked() {
        Random random = new Random(42);
        Decay decay = new Decay(DECAY, T0);
        long now = T0 + EPOCH;
        long remaining = BURST - decay.purgeable(now, BURST);
        decay.purged(remaining);
        while (now < T0 + DECAY + EPOCH) {
            now += random.nextLong(3 * EPOCH + 1);
            long purge = decay.purgeable(now, remaining);
            if (purge < 0 || purge > remaining) {
                fail(String.format("at %d ns: purgeable = %d of %d pages", now - T0, purge, remaining));
            }
            remaining -= purge;
            decay.purged(remaining);
            long epochs = (now - T0) / EPOCH;
            double stay = BURST * Decay.smootherstep(1 - (double) (epochs - 1) / Decay.STEPS);
            if (Math.abs(remaining - stay) > 1.0) {
                fail(String.format("after %d epochs: %d pages stay, the curve says %.2f", epochs, remaining, stay));
            }
        }
        assertEquals(0, remaining, "pages left after the decay time plus an epoch");
    }

    @Test
    void pagesFreedLaterDecayLater() {
        // Half the pages at the start, half 100 epochs later: after the first half's decay time
        // plus an epoch, only the second half is left and it still follows its own curve.
        Decay decay = new Decay(DECAY, T0);
        long half = BURST / 2;
        long remaining = half;
        for (int k = 1; k <= Decay.STEPS + 1; k++) {
            if (k == 101) {
                remaining += half; // freed during epoch 100, counted at the end of it
            }
            long purge = decay.purgeable(T0 + k * EPOCH, remaining);
            remaining -= purge;
            decay.purged(remaining);
        }
        double secondStays = half * Decay.smootherstep(1 - (double) (Decay.STEPS + 1 - 101) / Decay.STEPS);
        assertEquals(secondStays, remaining, 2.0, "pages of the later burst still unpurged");
    }

    /**
     * Bursts of random sizes at random epochs over the first half of the decay time, asked every
     * epoch: a step never purges more than there is; once the last burst is in, what stays only
     * falls; and it is zero one decay time and an epoch after the last burst.
     */
    @Test
    void afterTheLastBurstWhatStaysOnlyFallsAndReachesZero() {
        Random random = new Random(7);
        Decay decay = new Decay(DECAY, T0);
        int lastBurst = 0;
        long remaining = 0;
        long previous = Long.MAX_VALUE;
        for (int k = 1; k <= Decay.STEPS / 2 + Decay.STEPS + 1; k++) {
            if (k <= Decay.STEPS / 2 && random.nextInt(4) == 0) {
                remaining += 1 + random.nextInt((int) BURST);
                lastBurst = k;
            }
            long purge = decay.purgeable(T0 + k * EPOCH, remaining);
            if (purge < 0 || purge > remaining) {
                fail("epoch " + k + ": purgeable = " + purge + " of " + remaining + " pages");
            }
            remaining -= purge;
            decay.purged(remaining);
            if (k > lastBurst && remaining > previous) {
                fail("epoch " + k + ": " + remaining + " pages stay, more than the " + previous + " of the epoch before");
            }
            previous = k > lastBurst ? remaining : Long.MAX_VALUE;
            if (k > lastBurst + Decay.STEPS) {
                assertEquals(0, remaining, "pages left " + (k - lastBurst) + " epochs after the last burst");
            }
        }
        assertTrue(lastBurst > 0, "the seed gave no burst");
    }

    @Test
    void zeroDecayPurgesEverythingAtOnce() {
        Decay decay = new Decay(0, T0);
        assertTrue(decay.immediate());
        assertTrue(decay.due(T0));
        assertEquals(BURST, decay.purgeable(T0, BURST));
        assertEquals(7, decay.purgeable(T0 + 1, 7));
    }

    @Test
    void negativeDecayNeverPurges() {
        Decay decay = new Decay(-1, T0);
        assertTrue(decay.never());
        assertFalse(decay.immediate());
        for (long now = T0; now < T0 + 100 * DECAY; now += DECAY / 3) {
            assertFalse(decay.due(now));
            assertEquals(0, decay.purgeable(now, BURST), (now - T0) + " ns after the start");
        }
    }

    @Test
    void resetForgetsTheBacklog() {
        Decay decay = new Decay(DECAY, T0);
        decay.purgeable(T0 + EPOCH, BURST);
        decay.purgeable(T0 + 50 * EPOCH, BURST);
        decay.reset(T0 + 50 * EPOCH);
        // After the reset nothing is due until an epoch has passed, and then no pages count as old.
        assertFalse(decay.due(T0 + 50 * EPOCH + EPOCH - 1));
        assertEquals(0, decay.purgeable(T0 + 51 * EPOCH, BURST), "pages after a reset are new");
    }
}
