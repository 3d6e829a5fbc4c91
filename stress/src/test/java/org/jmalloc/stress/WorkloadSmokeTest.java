package org.jmalloc.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Collectors;
import org.jmalloc.stress.workload.Workloads;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every workload, a few seconds each with two threads ({@code -Pstress}: a minute each), must
 * finish with zero violations: cookies intact, no overlap, stats invariants held, everything
 * freed and {@code allocated == 0} at the end, no stall.
 */
@Tag("stress")
class WorkloadSmokeTest {

    static java.util.List<String> workloads() {
        return Workloads.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void workload_runsWithoutViolations(String name) {
        StressRunner runner = new StressRunner(StressTestSettings.options().workloads(name).build());

        WorkloadResult result = runner.run(Workloads.create(name));

        assertEquals(0, result.violationCount(), () -> name + " found violations (replay: " + result.replayCommand()
                + "):\n" + result.violations().stream().map(Object::toString).collect(Collectors.joining("\n")));
        assertTrue(result.ops() > 0, name + " made no allocator calls");
        if (name.equals("memory-limit")) {
            assertTrue(result.ooms() > 0, "memory-limit never reached its limit");
        } else {
            assertEquals(0, result.ooms(), name + ": OutOfMemoryError without injected faults or a limit");
        }
    }
}
