package org.jmalloc.lab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JmhProblemTest {

    @Test
    void perfWithoutHardwareCountersIsNamedAsSuch() {
        assertEquals(Optional.of("perf: no supported events \u2014 this machine has no hardware counters (perf stat -e"
                + " instructions true says <not supported>); leave out -prof perfnorm and perfasm here, or run on a"
                + " machine that has them"), JmhProblem.of(Logs.lines("jmh-perfnorm.log"), 1));
    }

    @Test
    void aHeldLockSaysToWait() {
        assertEquals(Optional.of("another JMH run holds JMH's machine-wide lock: wait until it has finished (two runs at"
                + " once would disturb each other's figures)"), JmhProblem.of(Logs.lines("jmh-lock-held.log"), 1));
    }

    @Test
    void anIncludeThatMatchesNothingAndABadOptionAreNamed() {
        assertEquals(Optional.of("no benchmark matches the include pattern (JMH: No matching benchmarks. Miss-spelled"
                + " regexp?)"), JmhProblem.of(Logs.lines("jmh-nomatch.log"), 1));
        assertEquals(Optional.of("JMH rejected its command line: z is not a recognized option"),
                JmhProblem.of(Logs.lines("jmh-badopt.log"), 1));
    }

    @Test
    void aMissingPerfAndAnUnreadableJarAreNamed() {
        assertEquals(Optional.of("perf is not installed: install it (Debian: apt-get install linux-perf), or leave out"
                + " the perf profilers"), JmhProblem.of(List.of("Profilers failed to initialize, exiting.",
                        "[java.io.IOException: Cannot run program \"perf\": error=2, No such file or directory]"), 1));
        assertEquals(Optional.of("cannot open the benchmarks jar (Error: Unable to access jarfile b.jar)"),
                JmhProblem.of(List.of("Error: Unable to access jarfile b.jar"), 1));
    }

    @Test
    void otherwiseTheExitCodeAndTheLastLine() {
        assertEquals(Optional.of("Exception in thread \"main\" java.lang.NoClassDefFoundError: x"),
                JmhProblem.of(List.of("a", "Exception in thread \"main\" java.lang.NoClassDefFoundError: x", "b"), 1));
        assertEquals(Optional.of("JMH exited with code 137; its last line: # Fork: 1 of 2"),
                JmhProblem.of(List.of("# Fork: 1 of 2", ""), 137));
        assertEquals(Optional.of("JMH exited with code 1 and printed nothing"), JmhProblem.of(List.of(), 1));
    }

    @Test
    void aRunThatExitedWellHasNoProblemEvenWithADeadFork() {
        assertEquals(Optional.empty(), JmhProblem.of(Logs.lines("jmh-deadfork.log"), 0));
    }
}
