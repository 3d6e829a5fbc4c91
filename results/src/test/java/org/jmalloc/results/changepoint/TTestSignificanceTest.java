package org.jmalloc.results.changepoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.apache.commons.statistics.inference.DataDispersion;
import org.apache.commons.statistics.inference.TTest;
import org.junit.jupiter.api.Test;

class TTestSignificanceTest {

    private final double[] series = {10, 11, 9, 10, 12, 15, 16, 14, 15};

    @Test
    void student_givesTheLibrarysPooledTwoSidedPValueAndTheSegmentsSummary() {
        Comparison c = TTestSignificance.student().compare(series, 0, 5, 9);
        double expected = TTest.withDefaults().with(DataDispersion.HOMOSCEDASTIC)
                .test(Arrays.copyOfRange(series, 0, 5), Arrays.copyOfRange(series, 5, 9)).getPValue();
        assertEquals(expected, c.pValue(), 1e-15);
        assertEquals(10.4, c.meanBefore(), 1e-12);
        assertEquals(15.0, c.meanAfter(), 1e-12);
        assertEquals(Math.sqrt(1.3), c.stdDevBefore(), 1e-12);
        assertEquals(5, c.sizeBefore());
        assertEquals(4, c.sizeAfter());
        assertEquals(15.0 / 10.4 * 100 - 100, c.changePercent(), 1e-9);
    }

    @Test
    void welch_isAnotherStrategyWithItsOwnPValue() {
        double welch = TTestSignificance.welch().compare(series, 0, 5, 9).pValue();
        double expected = TTest.withDefaults().with(DataDispersion.HETEROSCEDASTIC)
                .test(Arrays.copyOfRange(series, 0, 5), Arrays.copyOfRange(series, 5, 9)).getPValue();
        assertEquals(expected, welch, 1e-15);
        assertNotEquals(TTestSignificance.student().compare(series, 0, 5, 9).pValue(), welch);
    }

    @Test
    void onePointOnASide_cannotShowAChange() {
        assertEquals(1.0, TTestSignificance.student().compare(series, 0, 1, 9).pValue());
        assertEquals(1.0, TTestSignificance.student().compare(series, 0, 8, 9).pValue());
    }

    @Test
    void constantSegments_areCertainlyDifferentWhenTheirMeansDiffer() {
        double[] bytes = {48, 48, 48, 64, 64, 64};
        assertEquals(0.0, TTestSignificance.student().compare(bytes, 0, 3, 6).pValue());
        assertEquals(1.0, TTestSignificance.student().compare(bytes, 0, 2, 3).pValue());
        assertEquals(1.0 / 3, TTestSignificance.student().compare(bytes, 0, 3, 6).relativeChange(), 1e-12);
    }

    @Test
    void magnitude_isTheSameForARiseAndTheFallThatUndoesIt() {
        assertEquals(1.0, new Comparison(10, 20, 0, 0, 2, 2, 0).magnitude(), 1e-12);
        assertEquals(1.0, new Comparison(20, 10, 0, 0, 2, 2, 0).magnitude(), 1e-12);
        assertEquals(-50.0, new Comparison(20, 10, 0, 0, 2, 2, 0).changePercent(), 1e-12);
    }

    @Test
    void segmentsOutsideTheSeries_areRefused() {
        assertThrows(IndexOutOfBoundsException.class, () -> TTestSignificance.student().compare(series, 0, 5, 10));
        assertThrows(IndexOutOfBoundsException.class, () -> TTestSignificance.student().compare(series, 3, 3, 9));
    }
}
