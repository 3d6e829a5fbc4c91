package org.jmalloc.guardrails.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BisectionTest {

    private static List<String> commits(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("%040x", i + 1)).toList();
    }

    /** Every position of the first bad commit in ranges of 1 to 40 commits is found within maxSteps gate runs. */
    @Test
    void findsTheFirstRegressingCommitEverywhere() throws Exception {
        for (int n = 1; n <= 40; n++) {
            List<String> c = commits(n);
            for (int firstBad = 0; firstBad < n; firstBad++) {
                int fb = firstBad;
                List<String> gated = new ArrayList<>();
                Bisection.Result r = Bisection.search(c, (commit, step) -> {
                    gated.add(commit);
                    return c.indexOf(commit) >= fb ? Bisection.Step.REGRESSES : Bisection.Step.PASSES;
                }, new PrintWriter(new StringWriter()));
                assertEquals(c.get(firstBad), r.firstBad(), "n=" + n + " firstBad=" + firstBad);
                assertEquals(firstBad == 0 ? null : c.get(firstBad - 1), r.lastGood());
                assertNull(r.undecided());
                assertEquals(gated.size(), r.steps());
                assertTrue(r.steps() <= Bisection.maxSteps(n), r.steps() + " steps for " + n + " commits");
                assertEquals(c.getLast(), gated.getFirst(), "the bad end is gated first");
            }
        }
    }

    @Test
    void aRangeWhoseEndPassesIsNotBisected() throws Exception {
        StringWriter log = new StringWriter();
        Bisection.Result r = Bisection.search(commits(8), (commit, step) -> Bisection.Step.PASSES,
                new PrintWriter(log));
        assertTrue(r.nothingRegresses());
        assertEquals(1, r.steps());
        assertEquals("bisect step 0: 0000000 passes" + System.lineSeparator(), log.toString());
    }

    @Test
    void anUndecidedStepEndsTheSearchWithTheRangeSoFar() throws Exception {
        List<String> c = commits(16);
        StringWriter log = new StringWriter();
        // step 0 (commit 15) regresses; step 1 gates commit 7, which cannot be decided
        Bisection.Result r = Bisection.search(c, (commit, step) -> step == 0 ? Bisection.Step.REGRESSES
                : Bisection.Step.UNDECIDED, new PrintWriter(log));
        assertEquals(c.get(7), r.undecided());
        assertEquals(c.get(15), r.firstBad(), "the earliest commit known to regress");
        assertNull(r.lastGood());
        assertEquals(2, r.steps());
        assertTrue(log.toString().contains("could not be decided"), log.toString());
    }

    @Test
    void noCommitsIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Bisection.search(List.of(),
                (commit, step) -> Bisection.Step.PASSES, new PrintWriter(new StringWriter())));
    }
}
