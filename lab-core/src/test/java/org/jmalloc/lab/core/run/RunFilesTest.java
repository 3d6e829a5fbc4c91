package org.jmalloc.lab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class RunFilesTest {

    private static final LocalDateTime NOON = LocalDateTime.of(2026, 12, 1, 12, 0, 5);

    @Test
    void namesFilesByTimestampAndLabel() {
        RunFiles files = RunFiles.timestamped(Path.of("out"), NOON);
        assertEquals(Path.of("out/20261201-120005.json"), files.json());
        assertEquals(Path.of("out/20261201-120005.log"), files.log());
        assertEquals(Path.of("out/20261201-120005.txt"), files.text());
        assertEquals(Path.of("out/20261201-120005-baseline-f1.json"),
                RunFiles.timestamped(Path.of("out"), NOON, "baseline-f1").json());
    }

    @Test
    void ofJson_findsTheLogBesideIt() {
        RunFiles files = RunFiles.ofJson(Path.of("/r/20261201-120005.json"));
        assertEquals(Path.of("/r/20261201-120005.log"), files.log());
    }

    @Test
    void rejectsAStemThatIsNotAPlainFileName() {
        assertEquals("invalid result file name '../x': use letters, digits, '.', '_' and '-'",
                assertThrows(IllegalArgumentException.class, () -> new RunFiles(Path.of("."), "../x")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> RunFiles.timestamped(Path.of("."), NOON, "a b"));
    }
}
