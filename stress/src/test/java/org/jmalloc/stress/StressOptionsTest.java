package org.jmalloc.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StressOptionsTest {

    @ParameterizedTest
    @CsvSource({"500ms,500", "10s,10000", "2m,120000", "1h,3600000", "PT1.5S,1500", " 30S ,30000"})
    void durationText_readsUnitsAndIso(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), DurationText.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"500,500ms", "10000,10s", "120000,2m", "3600000,1h", "1500,1500ms"})
    void durationText_formatsTheShortestForm(long millis, String text) {
        assertEquals(text, DurationText.format(Duration.ofMillis(millis)));
        assertEquals(Duration.ofMillis(millis), DurationText.parse(text));
    }

    @Test
    void durationText_rejectsTextWithoutAUnit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DurationText.parse("30"));
        assertEquals("invalid duration '30': write a whole number and a unit, e.g. 500ms, 30s, 2m or 1h", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DurationText.parse("0s"));
        assertEquals("invalid duration '0s': must be more than zero", e.getMessage());
    }

    @Test
    void replayCommand_carriesEveryOptionThatShapesTheRun() {
        StressOptions plain = StressOptions.builder().threads(4).duration(Duration.ofSeconds(10)).seed(77).build();
        assertEquals("./lab stress --workload larson --threads 4 --duration 10s --seed 77",
                plain.replayCommand("larson", 4));
        StressOptions faulty = StressOptions.builder().threads(2).duration(Duration.ofMillis(1500)).seed(5)
                .faultRate(0.01).purgeFaultRate(0.5).failMapCall(12).build();
        assertEquals("./lab stress --workload xmalloc --threads 2 --duration 1500ms --seed 5 --fault-rate 0.01"
                + " --purge-fault-rate 0.5 --fail-map-call 12", faulty.replayCommand("xmalloc", 2));
    }

    @Test
    void builder_rejectsBadValuesWithTheRule() {
        assertEquals("invalid thread count 0: must be between 1 and 4096",
                assertThrows(IllegalArgumentException.class, () -> StressOptions.builder().threads(0)).getMessage());
        assertEquals("invalid purge failure rate -0.1: must be a fraction between 0 and 1 (0.01 fails 1 % of the calls)",
                assertThrows(IllegalArgumentException.class, () -> StressOptions.builder().purgeFaultRate(-0.1))
                        .getMessage());
        assertEquals("invalid map call number -1: must be 1 or more (0 fails none)",
                assertThrows(IllegalArgumentException.class, () -> StressOptions.builder().failMapCall(-1)).getMessage());
    }
}
