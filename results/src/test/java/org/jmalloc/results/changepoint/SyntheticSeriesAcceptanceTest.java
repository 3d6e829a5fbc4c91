package org.jmalloc.results.changepoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The detector's figures on seeded synthetic series with the default settings (p-value 0.001,
 * minimum magnitude 0, window 50) and 3 % Gaussian noise (coefficient of variation); the README
 * quotes the printed lines. Every figure is measured on two seed sets, so that none is a property
 * of one seed.
 *
 * <p>Step series: 200 series of 100 points, one 5 % step (up in half of them, down in the other
 * half) at a random index in [10, 90). A step counts as found when a change point lies within
 * two points of it. Beside the detector, the same series are placed by two references from
 * {@link StepLocation}: least squares knowing that there is exactly one step (the best a point
 * estimate of a mean shift does with unknown means; the detector does not know how many changes
 * there are) and the oracle that also knows both means and the noise. At 5/3 standard deviations
 * per point even the oracle places fewer than 90 % of the steps within two points (see
 * {@link #placementReferences_expectedFiguresOverManySeries()}), so the test holds the detector to
 * the least-squares reference rather than to a fixed 90 %.
 *
 * <p>Flat series: 200 series of 500 points without a step; every change point found is false.
 */
class SyntheticSeriesAcceptanceTest {

    static final long SEED = 20240901L;
    static final long SECOND_SEED = 20251201L;
    static final double LEVEL = 100;
    static final double NOISE_CV = 0.03;
    static final double STEP = 0.05;
    static final int STEP_SERIES = 200;
    static final int STEP_LENGTH = 100;
    static final int TOLERANCE = 2;
    static final int FLAT_SERIES = 200;
    static final int FLAT_LENGTH = 500;
    /** Series for the expected figures: the standard error of a rate near 90 % is 0.3 points. */
    static final int REFERENCE_SERIES = 10_000;

    private final ChangePointDetector detector = ChangePointDetector.withDefaults();

    /** One step series and where its step is. */
    private record StepSeries(double[] values, int stepAt, double step) {

        /** The oracle's place: it knows the level and the noise on both sides. */
        int oracle() {
            double after = LEVEL * (1 + step);
            return StepLocation.oracle(values, LEVEL, LEVEL * NOISE_CV, after, after * NOISE_CV);
        }

        boolean near(int index, int tolerance) {
            return Math.abs(index - stepAt) <= tolerance;
        }
    }

    private static StepSeries next(SyntheticSeries synthetic, int s) {
        int stepAt = synthetic.nextInt(10, STEP_LENGTH - 10);
        double step = s % 2 == 0 ? STEP : -STEP;
        return new StepSeries(synthetic.next(STEP_LENGTH, LEVEL, NOISE_CV, stepAt, step), stepAt, step);
    }

    @ParameterizedTest
    @ValueSource(longs = {SEED, SECOND_SEED})
    void singleFivePercentStep_isFoundAndPlacedAsWellAsTheLeastSquaresReference(long seed) {
        SyntheticSeries synthetic = new SyntheticSeries(seed);
        int within2 = 0;
        int within5 = 0;
        int reference2 = 0;
        int oracle2 = 0;
        int unlocated2 = 0;
        int other = 0;
        for (int s = 0; s < STEP_SERIES; s++) {
            StepSeries series = next(synthetic, s);
            List<ChangePoint> points = detector.detect(series.values());
            int nearest = Integer.MAX_VALUE;
            for (ChangePoint p : points) {
                nearest = Math.min(nearest, Math.abs(p.index() - series.stepAt()));
            }
            within2 += nearest <= TOLERANCE ? 1 : 0;
            within5 += nearest <= 5 ? 1 : 0;
            other += points.size() - (nearest <= 5 ? 1 : 0);
            reference2 += series.near(StepLocation.leastSquares(series.values()), TOLERANCE) ? 1 : 0;
            oracle2 += series.near(series.oracle(), TOLERANCE) ? 1 : 0;
            int unlocated = nearest(unlocated(series.values()), series.stepAt());
            unlocated2 += unlocated >= 0 && series.near(unlocated, TOLERANCE) ? 1 : 0;
        }
        double recall = 100.0 * within2 / STEP_SERIES;
        double reference = 100.0 * reference2 / STEP_SERIES;
        System.out.printf(Locale.ROOT, "change points, one 5 %% step in 3 %% noise, %d series of %d points (seed %d):"
                        + " recall %.1f %% within +-2 points (%d/%d), %.1f %% within +-5; least-squares reference"
                        + " knowing there is one step: %.1f %% within +-2; oracle knowing both means: %.1f %%;"
                        + " without the locate step: %.1f %%; %d other change points%n",
                STEP_SERIES, STEP_LENGTH, seed, recall, within2, STEP_SERIES, 100.0 * within5 / STEP_SERIES,
                reference, 100.0 * oracle2 / STEP_SERIES, 100.0 * unlocated2 / STEP_SERIES, other);
        assertTrue(within5 >= 0.95 * STEP_SERIES, "only " + within5 + " of " + STEP_SERIES
                + " steps have a change point within 5 points (seed " + seed + ")");
        assertTrue(recall >= reference - 3, "recall within +-2 points " + recall + " % is more than 3 points below"
                + " the least-squares reference " + reference + " % (seed " + seed + ")");
    }

    @ParameterizedTest
    @ValueSource(longs = {SEED + 1, SECOND_SEED + 1})
    void seriesWithoutStep_haveAtMostOneFalseChangePointPer500Points(long seed) {
        SyntheticSeries synthetic = new SyntheticSeries(seed);
        int falsePoints = 0;
        int worst = 0;
        int seriesWithAny = 0;
        for (int s = 0; s < FLAT_SERIES; s++) {
            double[] series = synthetic.next(FLAT_LENGTH, LEVEL, NOISE_CV, FLAT_LENGTH, 0);
            int n = detector.detect(series).size();
            falsePoints += n;
            worst = Math.max(worst, n);
            seriesWithAny += n > 0 ? 1 : 0;
        }
        double per500 = falsePoints / (FLAT_SERIES * FLAT_LENGTH / 500.0);
        System.out.printf(Locale.ROOT, "change points, no step, 3 %% noise, %d series of %d points (seed %d):"
                        + " %d false change points = %.3f per 500 points; %d series have any, at most %d in one%n",
                FLAT_SERIES, FLAT_LENGTH, seed, falsePoints, per500, seriesWithAny, worst);
        assertTrue(per500 <= 1, per500 + " false change points per 500 points is above 1 (seed " + seed + ")");
    }

    /**
     * What the ±2-point target asks of the placement, over {@value #REFERENCE_SERIES} step series
     * (seed {@value #SEED} + 2): the detector, the detector without its locate step (E-divisive's own
     * place), least squares with unknown means, the oracle that knows
     * both means and the noise, and the estimate that maximises the posterior probability of lying
     * within two points of the step. Both maximum-likelihood places stay below 90 %; the
     * posterior-window estimate passes 90 % only by giving up the exact place (it is right to the
     * point far less often than least squares), which is why the detector keeps the least-squares
     * place.
     */
    @Test
    void placementReferences_expectedFiguresOverManySeries() {
        SyntheticSeries synthetic = new SyntheticSeries(SEED + 2);
        String[] names = {"detector", "split and merge without the locate step", "least squares",
            "oracle knowing both means", "posterior-window estimate"};
        int[] within2 = new int[names.length];
        int[] exact = new int[names.length];
        for (int s = 0; s < REFERENCE_SERIES; s++) {
            StepSeries series = next(synthetic, s);
            int[] placed = {nearest(detector.detect(series.values()), series.stepAt()),
                nearest(unlocated(series.values()), series.stepAt()), StepLocation.leastSquares(series.values()),
                series.oracle(), StepLocation.posteriorWindow(series.values(), TOLERANCE)};
            for (int k = 0; k < placed.length; k++) {
                within2[k] += placed[k] >= 0 && series.near(placed[k], TOLERANCE) ? 1 : 0;
                exact[k] += placed[k] >= 0 && series.near(placed[k], 0) ? 1 : 0;
            }
        }
        double[] recall = new double[names.length];
        double[] exactRate = new double[names.length];
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "step placement, one 5 %% step in 3 %%"
                + " noise, %d series of %d points (seed %d):", REFERENCE_SERIES, STEP_LENGTH, SEED + 2));
        for (int k = 0; k < names.length; k++) {
            recall[k] = 100.0 * within2[k] / REFERENCE_SERIES;
            exactRate[k] = 100.0 * exact[k] / REFERENCE_SERIES;
            line.append(String.format(Locale.ROOT, "%s %s %.1f %% within +-2 (%.1f %% exact)", k == 0 ? "" : ";",
                    names[k], recall[k], exactRate[k]));
        }
        System.out.println(line);
        assertTrue(recall[0] > recall[1], "the locate step places better than E-divisive: " + recall[0] + " % against "
                + recall[1] + " %");
        assertTrue(recall[0] >= recall[2] - 3, "the detector's " + recall[0] + " % is more than 3 points below"
                + " least squares' " + recall[2] + " %");
        assertTrue(recall[3] > recall[2], "the oracle knows more than least squares and places better");
        assertTrue(recall[3] < 90, "the oracle's " + recall[3] + " % within +-2: the claim that 90 % is out of"
                + " reach of the maximum-likelihood place does not hold");
        assertTrue(recall[4] > recall[3] && exactRate[4] < exactRate[2] - 10, "the posterior-window estimate trades"
                + " exact places for +-2 ones: " + recall[4] + " % within +-2, " + exactRate[4] + " % exact");
    }

    /** The detector's change points before its locate step: E-divisive's places, merged. */
    private List<ChangePoint> unlocated(double[] series) {
        return MergeStep.merge(series, detector.weakChangePoints(series), detector.settings(),
                TTestSignificance.student());
    }

    /** The change point nearest to {@code stepAt}, or -1 when there is none. */
    private static int nearest(List<ChangePoint> points, int stepAt) {
        int nearest = -1;
        for (ChangePoint p : points) {
            if (nearest < 0 || Math.abs(p.index() - stepAt) < Math.abs(nearest - stepAt)) {
                nearest = p.index();
            }
        }
        return nearest;
    }
}
