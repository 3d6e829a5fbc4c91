package org.jmalloc.results.changepoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangePointDetectorTest {

    @Test
    void deterministicMetric_stepIsFoundExactly() {
        double[] bytes = new double[40];
        Arrays.fill(bytes, 0, 23, 48);
        Arrays.fill(bytes, 23, 40, 64);
        List<ChangePoint> points = ChangePointDetector.withDefaults().detect(bytes);
        assertEquals(1, points.size(), points.toString());
        ChangePoint p = points.getFirst();
        assertEquals(23, p.index());
        assertEquals(48, p.stats().meanBefore());
        assertEquals(64, p.stats().meanAfter());
        assertEquals(0.0, p.stats().pValue());
        assertEquals(100.0 / 3, p.stats().changePercent(), 1e-9);
    }

    @Test
    void twoStepsInNoise_areBothFoundWithTheirSegmentsMeans() {
        double[] series = new SyntheticSeries(11).next(150, 100, 0.01, 150, 0);
        for (int i = 50; i < 150; i++) {
            series[i] *= i < 100 ? 1.10 : 0.95;
        }
        List<ChangePoint> points = ChangePointDetector.withDefaults().detect(series);
        assertEquals(2, points.size(), points.toString());
        assertTrue(Math.abs(points.get(0).index() - 50) <= 1, points.toString());
        assertTrue(Math.abs(points.get(1).index() - 100) <= 1, points.toString());
        assertEquals(10, points.get(0).stats().changePercent(), 1.5);
        assertEquals(-14.5, points.get(1).stats().changePercent(), 1.5);
        assertTrue(points.get(1).stats().sizeBefore() >= 48, "tested against the segment up to the neighbour");
    }

    @Test
    void minimumMagnitude_dropsSignificantButSmallChanges() {
        double[] series = new SyntheticSeries(12).next(100, 100, 0.002, 60, 0.01);
        List<ChangePoint> found = ChangePointDetector.withDefaults().detect(series);
        assertTrue(found.stream().anyMatch(p -> Math.abs(p.index() - 60) <= 2), found.toString());
        ChangePointDetector strict = ChangePointDetector.of(ChangePointSettings.DEFAULTS.withMinMagnitude(0.02));
        assertEquals(List.of(), strict.detect(series));
    }

    @Test
    void stricterPValue_keepsFewerOrEqualChangePoints() {
        SyntheticSeries synthetic = new SyntheticSeries(13);
        ChangePointDetector loose = ChangePointDetector.of(ChangePointSettings.DEFAULTS.withMaxPValue(0.05));
        ChangePointDetector strict = ChangePointDetector.of(ChangePointSettings.DEFAULTS.withMaxPValue(1e-6));
        int looseTotal = 0;
        int strictTotal = 0;
        for (int s = 0; s < 30; s++) {
            double[] series = synthetic.next(200, 100, 0.03, 100, 0.03);
            looseTotal += loose.detect(series).size();
            strictTotal += strict.detect(series).size();
            for (ChangePoint p : strict.detect(series)) {
                assertTrue(p.stats().pValue() < 1e-6, p.toString());
            }
        }
        assertTrue(strictTotal < looseTotal, strictTotal + " vs " + looseTotal);
    }

    @Test
    void everyReportedChange_passesBothThresholdsAgainstItsNeighbours() {
        SyntheticSeries synthetic = new SyntheticSeries(14);
        ChangePointSettings settings = ChangePointSettings.DEFAULTS.withMinMagnitude(0.01);
        ChangePointDetector detector = ChangePointDetector.of(settings);
        for (int s = 0; s < 50; s++) {
            double[] series = synthetic.next(300, 100, 0.03, synthetic.nextInt(20, 280), 0.06);
            List<ChangePoint> points = detector.detect(series);
            List<ChangePoint> retested = Segments.testAll(series, points, TTestSignificance.student());
            assertEquals(retested, points, "stats are those against the final neighbours");
            for (ChangePoint p : points) {
                assertTrue(p.stats().pValue() < settings.maxPValue() && p.stats().magnitude() > 0.01, p.toString());
            }
        }
    }

    @Test
    void shortAndConstantSeries_haveNoChangePoints() {
        ChangePointDetector detector = ChangePointDetector.withDefaults();
        assertEquals(List.of(), detector.detect(new double[0]));
        assertEquals(List.of(), detector.detect(new double[] {1, 5, 1}));
        double[] constant = new double[100];
        Arrays.fill(constant, 3.5);
        assertEquals(List.of(), detector.detect(constant));
    }

    @Test
    void nonFiniteValue_isRefusedNamingItsIndex() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChangePointDetector.withDefaults().detect(new double[] {1, 2, Double.NaN, 4}));
        assertTrue(e.getMessage().contains("index 2"), e.getMessage());
    }

    @Test
    void settingsOutOfRange_areRefusedWithTheRangeAndAnExample() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ChangePointSettings(0, 0, 50))
                .getMessage().contains("between 0 and 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ChangePointSettings(0.01, -1, 50))
                .getMessage().contains("0 or more"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ChangePointSettings(0.01, 0, 3))
                .getMessage().contains("at least 4"));
        assertEquals(0.01, ChangePointSettings.DEFAULTS.splitPValue(), 1e-15);
        assertEquals(0.2, ChangePointSettings.DEFAULTS.withMaxPValue(0.1).splitPValue(), 1e-15);
        assertEquals(0.6, ChangePointSettings.DEFAULTS.withMaxPValue(0.6).splitPValue(), 1e-15);
    }
}
