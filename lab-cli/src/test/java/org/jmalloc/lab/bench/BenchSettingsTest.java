package org.jmalloc.lab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchSettingsTest {

    /** The suite's runs: 6 sizes x 2 single-block latency modes, 5 large sizes and 5 single-run workloads. */
    private static final int SUITE_RUNS = (6 + 6 + 5 + 5) * 8;

    @Test
    void quickSuiteIsExpectedToFinishWithinFifteenMinutes() {
        Duration quick = BenchSettings.QUICK.estimate(SUITE_RUNS);
        assertEquals(Duration.ofMillis(176L * 2 * (2 * 200 + 3 * 200 + 800)), quick);
        assertTrue(quick.compareTo(Duration.ofMinutes(15)) < 0, quick.toString());
    }

    @Test
    void bothSettingsUseAtLeastTwoForks() {
        assertTrue(BenchSettings.QUICK.forks() >= 2);
        assertTrue(BenchSettings.FULL.forks() >= 2);
    }

    @Test
    void jmhOptionsCarryForksIterationsAndTimes() {
        assertEquals(List.of("-f", "2", "-wi", "2", "-w", "200ms", "-i", "3", "-r", "200ms"),
                BenchSettings.QUICK.jmhOptions());
        assertEquals(List.of("-f", "2", "-wi", "3", "-w", "1000ms", "-i", "5", "-r", "1000ms"),
                BenchSettings.FULL.jmhOptions());
    }
}
