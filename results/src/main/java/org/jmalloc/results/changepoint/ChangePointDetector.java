package org.jmalloc.results.changepoint;

import java.util.List;
import java.util.Objects;

/**
 * Finds the points where a series' mean changes: the {@link SplitStep split step} proposes weak
 * change points with E-divisive means in sliding windows, each is tested against its neighbouring
 * segments over the whole series, and the {@link MergeStep merge step} drops the weakest until every
 * remaining one has a p-value below {@link ChangePointSettings#maxPValue()} and a magnitude above
 * {@link ChangePointSettings#minMagnitude()}.
 *
 * <p>This is the method of Fleming et al., "Hunter: Using Change Point Detection to Hunt for
 * Performance Regressions" (ICPE 2023), as Apache Otava implements it. Detection is deterministic:
 * the same series and settings give the same change points. Instances are immutable and
 * thread-safe when the significance test is.
 */
public final class ChangePointDetector {

    private final ChangePointSettings settings;
    private final SignificanceTest test;

    /** A detector with these settings and significance test. */
    public ChangePointDetector(ChangePointSettings settings, SignificanceTest test) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.test = Objects.requireNonNull(test, "test");
    }

    /** {@link ChangePointSettings#DEFAULTS} with Student's t-test. */
    public static ChangePointDetector withDefaults() {
        return new ChangePointDetector(ChangePointSettings.DEFAULTS, TTestSignificance.student());
    }

    /** A detector with these settings and Student's t-test. */
    public static ChangePointDetector of(ChangePointSettings settings) {
        return new ChangePointDetector(settings, TTestSignificance.student());
    }

    /** The settings this detector applies. */
    public ChangePointSettings settings() {
        return settings;
    }

    /**
     * The change points of {@code series} in index order, each tested against the segments up to
     * its neighbours. A series shorter than four points has none.
     *
     * @throws IllegalArgumentException when a value is NaN or infinite (naming its index)
     */
    public List<ChangePoint> detect(double[] series) {
        for (int i = 0; i < series.length; i++) {
            if (!Double.isFinite(series[i])) {
                throw new IllegalArgumentException("value " + series[i] + " at index " + i
                        + " is not a finite number: a series must hold measured values only");
            }
        }
        List<ChangePoint> merged = MergeStep.merge(series, weakChangePoints(series), settings, test);
        List<ChangePoint> located = LocateStep.locate(series, merged, settings.window() / 4, test);
        // Moving a point changes its neighbours' segments: keep only those that still pass.
        return MergeStep.merge(series, located, settings, test);
    }

    /** The split step's candidates, tested against their neighbours, before the merge step. */
    List<ChangePoint> weakChangePoints(double[] series) {
        List<Candidate> weak = SplitStep.weakChangePoints(series, settings.window(), settings.splitPValue(), test);
        return Segments.testAll(series, weak, test);
    }
}
