package org.jmalloc.results.changepoint;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The split step: E-divisive in sliding windows proposes "weak" change points.
 *
 * <p>Why windows: E-divisive over a whole long history compares segments that span several
 * changes, and a small change next to a big one disappears in the big one's segment. A window
 * of {@code w} points sees at most a few changes. The window starts at 0 and moves by
 * {@code w/2}, or to the last change it found when that is further, so every point is seen in
 * two windows and a change near one window's edge sits in the middle of the next.
 *
 * <p>Within a window: find the split with the largest divergence over all current segments,
 * test it against the two sides of the segment it splits, and keep splitting while the test is
 * significant at the split threshold (looser than the final one, so candidates are not lost to a
 * window that holds too little of a change). The union over all windows is the result, sorted by
 * index; the merge step decides which of them stand.
 */
final class SplitStep {

    private SplitStep() {
    }

    /** The weak change points of {@code series}, sorted by index, without their final statistics. */
    static List<Candidate> weakChangePoints(double[] series, int window, double pValue, SignificanceTest test) {
        TreeMap<Integer, Candidate> found = new TreeMap<>();
        int step = window / 2;
        int start = 0;
        while (start < series.length) {
            int end = Math.min(start + window, series.length);
            List<Candidate> inWindow = divide(series, start, end, pValue, test);
            int last = inWindow.isEmpty() ? 0 : inWindow.getLast().index();
            start = Math.max(last, start + step);
            for (Candidate c : inWindow) {
                found.putIfAbsent(c.index(), c);
            }
        }
        return List.copyOf(found.values());
    }

    /**
     * E-divisive within {@code series[from, to)}: split at the best candidate while the test finds
     * it significant ({@code p <= pValue}); stops at the first candidate that is not.
     */
    static List<Candidate> divide(double[] series, int from, int to, double pValue, SignificanceTest test) {
        EnergyDivergence energy = new EnergyDivergence(series, from, to);
        List<Candidate> sorted = new ArrayList<>();
        while (true) {
            Candidate best = null;
            int bestFrom = from;
            int bestTo = to;
            int position = 0;
            for (int k = 0; k <= sorted.size(); k++) {
                int s = Segments.start(sorted, k, from);
                int e = k == sorted.size() ? to : sorted.get(k).index();
                Candidate c = energy.bestSplit(s, e);
                if (c != null && (best == null || c.qHat() > best.qHat())) {
                    best = c;
                    bestFrom = s;
                    bestTo = e;
                    position = k;
                }
            }
            if (best == null || !(test.compare(series, bestFrom, best.index(), bestTo).pValue() <= pValue)) {
                return sorted;
            }
            sorted.add(position, best);
        }
    }
}
