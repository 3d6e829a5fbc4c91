package org.jmalloc.lab.core.run;

import java.util.List;
import java.util.Optional;
import org.jmalloc.lab.core.jmh.JmhResult;

/**
 * What one JMH run produced.
 *
 * @param exitCode JMH's exit code (with {@code -foe false}, JMH's default, a failed benchmark does not make it
 *     non-zero: look at {@code failures})
 * @param results the parsed JSON results, empty when JMH wrote none
 * @param failures the runs that produced no result, with the reason from JMH's output
 * @param problem why JMH as a whole failed ({@link JmhProblem}), empty when it did not
 * @param files where the JSON results and the log are
 */
public record JmhOutcome(int exitCode, List<JmhResult> results, List<RunFailure> failures, Optional<String> problem,
        RunFiles files) {

    public JmhOutcome {
        results = List.copyOf(results);
        failures = List.copyOf(failures);
    }

    /** JMH exited with 0 and every run produced its result. */
    public boolean complete() {
        return exitCode == 0 && failures.isEmpty() && problem.isEmpty();
    }

    /**
     * One line for the console when the run is not complete: the problem, else the failures counted with the first
     * one's reason; empty when it is complete.
     */
    public Optional<String> summary() {
        if (problem.isPresent()) {
            return problem;
        }
        if (!failures.isEmpty()) {
            RunFailure first = failures.getFirst();
            return Optional.of(failures.size() + (failures.size() == 1 ? " run" : " runs") + " produced no result; "
                    + first.benchmark() + " " + first.params() + ": " + first.reason());
        }
        return Optional.empty();
    }
}
