package org.jmalloc.guardrails.run;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Whether this host can count instructions with {@code perf stat} (VMs without a PMU cannot). */
final class PerfCheck {

    private PerfCheck() {
    }

    /** Why perf counters cannot be used here, or empty when they can. */
    static Optional<String> unavailable() {
        try {
            Processes.Result r = Processes.capture(null, List.of("perf", "stat", "-x", ",", "-e", "instructions",
                    "true"));
            String text = r.text();
            if (r.exit() != 0 || text.contains("<not supported>") || text.contains("<not counted>")) {
                return Optional.of("this host has no hardware counters (perf stat -e instructions: "
                        + (text.contains("<not supported>") ? "<not supported>" : "exit " + r.exit()) + ")");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("perf is not installed (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("the perf check was interrupted");
        }
    }
}
