package org.jmalloc.results.changepoint;

import java.util.ArrayList;
import java.util.List;

/**
 * The merge step: drops weak change points, weakest first, until every one left is significant
 * and large enough.
 *
 * <p>Each round looks at the change point with the largest p-value; if that one is not below
 * {@code maxPValue} it goes. When all are significant, it looks at the one of smallest magnitude
 * instead; if that is not above {@code minMagnitude} it goes, otherwise the rest stand. Why one at
 * a time: removing a change point joins its two segments, and the neighbours on either side are
 * now tested against a longer segment, which can make a weak neighbour significant (more data) or
 * an artefact of the removed point insignificant. So only the two neighbours are tested again
 * before the next round (the point before it and the point after it; the others' segments did not
 * change).
 */
final class MergeStep {

    private MergeStep() {
    }

    /** The change points of {@code weak} (sorted by index, tested against their neighbours) that stand. */
    static List<ChangePoint> merge(double[] series, List<ChangePoint> weak, ChangePointSettings settings,
                                   SignificanceTest test) {
        List<ChangePoint> points = new ArrayList<>(weak);
        while (!points.isEmpty()) {
            int weakest = largestPValue(points);
            if (points.get(weakest).stats().pValue() < settings.maxPValue()) {
                weakest = smallestMagnitude(points);
                if (points.get(weakest).stats().magnitude() > settings.minMagnitude()) {
                    return points;
                }
            }
            points.remove(weakest);
            if (weakest > 0) {
                points.set(weakest - 1, Segments.test(series, points, weakest - 1, test));
            }
            if (weakest < points.size()) {
                points.set(weakest, Segments.test(series, points, weakest, test));
            }
        }
        return points;
    }

    private static int largestPValue(List<ChangePoint> points) {
        int at = 0;
        for (int k = 1; k < points.size(); k++) {
            if (points.get(k).stats().pValue() > points.get(at).stats().pValue()) {
                at = k;
            }
        }
        return at;
    }

    private static int smallestMagnitude(List<ChangePoint> points) {
        int at = 0;
        for (int k = 1; k < points.size(); k++) {
            if (points.get(k).stats().magnitude() < points.get(at).stats().magnitude()) {
                at = k;
            }
        }
        return at;
    }
}
