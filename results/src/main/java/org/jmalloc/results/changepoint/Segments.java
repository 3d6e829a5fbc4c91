package org.jmalloc.results.changepoint;

import java.util.ArrayList;
import java.util.List;

/**
 * Change points sorted by index within a range of a series, and the test of each against its
 * neighbours: the change point at position k compares the segment from the previous change point
 * (or the range's start) with the segment up to the next one (or the range's end).
 */
final class Segments {

    private Segments() {
    }

    /** The segment before the k-th change point starts here. */
    static int start(List<? extends Located> sorted, int k, int rangeFrom) {
        return k == 0 ? rangeFrom : sorted.get(k - 1).index();
    }

    /** The segment after the k-th change point ends here (exclusive). */
    static int end(List<? extends Located> sorted, int k, int rangeTo) {
        return k == sorted.size() - 1 ? rangeTo : sorted.get(k + 1).index();
    }

    /** Tests the k-th of {@code sorted} against its neighbours in {@code series[0, length)}. */
    static ChangePoint test(double[] series, List<? extends Located> sorted, int k, SignificanceTest test) {
        Located c = sorted.get(k);
        Comparison stats = test.compare(series, start(sorted, k, 0), c.index(), end(sorted, k, series.length));
        return new ChangePoint(c.index(), c.qHat(), stats);
    }

    /** Tests every one of {@code sorted} against its neighbours. */
    static List<ChangePoint> testAll(double[] series, List<? extends Located> sorted, SignificanceTest test) {
        List<ChangePoint> out = new ArrayList<>(sorted.size());
        for (int k = 0; k < sorted.size(); k++) {
            out.add(test(series, sorted, k, test));
        }
        return out;
    }
}
