package org.jmalloc.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * With the OS layer's {@code map} calls failing, every workload must finish with zero violations:
 * the allocator answers the requests that needed the memory with {@code OutOfMemoryError}, which
 * the workloads count, and stays consistent (cookies, overlap, stats, nothing left allocated).
 * Every such error must be explained by an injected fault (memory-limit has its own limit).
 */
@Tag("stress")
class FaultInjectionTest {

    private static StressOptions.Builder options() {
        return StressTestSettings.options()
                .duration(Duration.ofMillis(Math.min(1000, StressTestSettings.duration().toMillis())));
    }

    @Test
    void everyWorkload_survivesOnePercentMapFailures() {
        StressResult result = new StressRunner(options().faultRate(0.01).build()).run();

        assertNoViolations(result);
        assertEveryOutOfMemoryErrorExplained(result);
    }

    @Test
    void everyWorkload_survivesHalfItsMapCallsFailing() {
        StressResult result = new StressRunner(options().faultRate(0.5).build()).run();

        assertNoViolations(result);
        assertEveryOutOfMemoryErrorExplained(result);
        long faults = result.workloads().stream().mapToLong(WorkloadResult::mapFaults).sum();
        long ooms = result.workloads().stream().mapToLong(WorkloadResult::ooms).sum();
        assertTrue(faults > 0, "no map call failed\n" + result.table());
        assertTrue(ooms > 0, "no request saw an injected fault\n" + result.table());
    }

    @Test
    void purgeHeavyWorkloads_survivePurgeFailures() {
        // Decay at once, so every free that empties pages purges them, and one purge in five fails.
        StressResult result = new StressRunner(options().workloads("bursty-tensor,fragmentation,mstress")
                .purgeFaultRate(0.2).tuning(b -> b.dirtyDecay(Duration.ZERO)).build()).run();

        assertNoViolations(result);
        assertTrue(result.workloads().stream().mapToLong(WorkloadResult::purgeFaults).sum() > 0,
                "no purge call failed\n" + result.table());
    }

    private static void assertNoViolations(StressResult result) {
        String failures = result.workloads().stream().filter(w -> !w.passed())
                .map(w -> w.replayCommand() + "\n  " + w.violations().stream().map(Object::toString)
                        .collect(Collectors.joining("\n  ")))
                .collect(Collectors.joining("\n"));
        assertEquals(0, result.violations(), failures);
    }

    private static void assertEveryOutOfMemoryErrorExplained(StressResult result) {
        for (WorkloadResult w : result.workloads()) {
            if (!w.workload().equals("memory-limit")) {
                assertTrue(w.ooms() <= w.mapFaults(), w.workload() + ": " + w.ooms()
                        + " OutOfMemoryErrors but only " + w.mapFaults() + " injected faults");
            }
        }
    }
}
