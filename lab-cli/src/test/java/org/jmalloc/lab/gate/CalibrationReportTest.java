package org.jmalloc.lab.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The power rows name the slowdown the slowed pool really showed, and say so plainly when it is not the slowdown the
 * row is named for (a calibration whose 5 % target realized +47 % measured the power at +47 %).
 */
class CalibrationReportTest {

    private static Map<String, Double> realized(double small, double large, double p99) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("MallocFreeLatency size=00064 latency.avg.cpu", small);
        m.put("MallocFreeLatency size=01024 latency.avg.cpu", large);
        m.put("MallocFreeSampledLatency size=00064 latency.p99", p99);
        return m;
    }

    @Test
    void aRealizedSlowdownNearItsTargetIsNamed() {
        assertEquals("; realized +4.1% / +6.3%", CalibrationReport.realizedNote("5%", realized(0.041, 0.063, 0.5)));
    }

    @Test
    void aRealizedSlowdownFarFromItsTargetIsFlagged() {
        assertEquals("; realized +47.3% / +43.3%: **not a 5% slowdown**, so not the power at 5%",
                CalibrationReport.realizedNote("5%", realized(0.473, 0.433, -0.157)));
        assertEquals("; realized +4.0% / +12.0%: **not a 10% slowdown**, so not the power at 10%",
                CalibrationReport.realizedNote("10%", realized(0.040, 0.120, 0.0)));
    }

    @Test
    void periodsReadAsEnglish() {
        assertEquals("every call", CalibrationReport.every(1));
        assertEquals("every 2nd call", CalibrationReport.every(2));
        assertEquals("every 3rd call", CalibrationReport.every(3));
        assertEquals("every 11th call", CalibrationReport.every(11));
        assertEquals("every 17th call", CalibrationReport.every(17));
        assertEquals("every 21st call", CalibrationReport.every(21));
    }

    @Test
    void noRealizedFigureAddsNothing() {
        assertEquals("", CalibrationReport.realizedNote("5%", null));
        assertEquals("", CalibrationReport.realizedNote("5%", Map.of()));
    }
}
