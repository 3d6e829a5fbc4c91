package org.jmalloc.stress;

import java.util.List;
import java.util.Map;
import org.jmalloc.stress.check.Violation;

/**
 * The outcome of one workload's run.
 *
 * @param workload the workload's name
 * @param threads threads it ran with
 * @param seed the run's seed
 * @param nanos how long the workload ran (its own phase, not the final checks)
 * @param ops allocator calls made through the checked heap
 * @param peakRssBytes the process's peak resident bytes during the run, -1 when unknown
 * @param peakLiveBytes the most requested bytes live at once (sampled every 100 ms)
 * @param ooms requests the allocator answered with {@code OutOfMemoryError}
 * @param mapFaults {@code map} calls made to fail
 * @param purgeFaults purge calls made to fail
 * @param violationCount violations found
 * @param violations the first violations in full
 * @param notes workload-specific figures (threads started, bursts, ...)
 * @param replayCommand the command line that runs this workload again with the same seed
 * @param threadDump the watchdog's dump when the run stalled, else null
 */
public record WorkloadResult(
        String workload,
        int threads,
        long seed,
        long nanos,
        long ops,
        long peakRssBytes,
        long peakLiveBytes,
        long ooms,
        long mapFaults,
        long purgeFaults,
        long violationCount,
        List<Violation> violations,
        Map<String, Long> notes,
        String replayCommand,
        String threadDump) {

    public WorkloadResult {
        violations = List.copyOf(violations);
        notes = Map.copyOf(notes);
    }

    /** Operations per second over the workload's run. */
    public double opsPerSecond() {
        return nanos == 0 ? 0 : ops * 1e9 / nanos;
    }

    /** True when no check failed. */
    public boolean passed() {
        return violationCount == 0;
    }
}
