package org.jmalloc.results.changepoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MergeStepTest {

    private final SignificanceTest test = TTestSignificance.student();

    @Test
    void removingAPoint_retestsTheNeighbourBeforeIt() {
        // A real step at 20; a spurious candidate at 22 right after it, and a candidate at 40 in flat data.
        double[] series = new SyntheticSeries(3).next(60, 100, 0.01, 20, 0.2);
        List<ChangePoint> weak = Segments.testAll(series,
                List.of(new Candidate(20, 1), new Candidate(22, 1), new Candidate(40, 1)), test);
        List<ChangePoint> merged = MergeStep.merge(series, weak, ChangePointSettings.DEFAULTS, test);
        assertEquals(1, merged.size(), merged.toString());
        assertEquals(20, merged.getFirst().index());
        // The survivor's statistics are those against the whole series, not against its old neighbour at 22.
        assertEquals(Segments.testAll(series, List.of(new Candidate(20, 1)), test), merged);
        assertEquals(40, merged.getFirst().stats().sizeAfter());
    }

    @Test
    void allSignificantAndLarge_areKept() {
        double[] series = new double[30];
        for (int i = 0; i < 30; i++) {
            series[i] = (i < 10 ? 10 : i < 20 ? 20 : 5) + (i % 2) * 0.1;
        }
        List<ChangePoint> weak = Segments.testAll(series, List.of(new Candidate(10, 1), new Candidate(20, 1)), test);
        assertEquals(weak, MergeStep.merge(series, weak, ChangePointSettings.DEFAULTS, test));
    }
}
