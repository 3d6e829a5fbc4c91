package org.jmalloc.lab.info;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.jmalloc.allocator.os.Hardware;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Both renderings of a fixed report against golden files, under a German default locale (decimal
 * comma) so that any formatting that forgets {@code Locale.ROOT} shows up as a diff.
 */
class ReportGoldenTest {

    private Locale saved;

    @BeforeEach
    void useGermanLocale() {
        saved = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
    }

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(saved);
    }

    static InfoReport report() {
        Hardware hardware = new Hardware(4096, 64, 8, 1, "amd64", "Linux 6.1.0", 2 << 20, "25.0.1+8-LTS");
        InfoReport.ConfigView config = new InfoReport.ConfigView(32, true, 32 << 10, "PT10S", "PT0S", false,
                16384, 4096, 1L << 40, 14336, 36, 1L << 40);
        InfoReport.SelfCheckView check = new InfoReport.SelfCheckView(false, List.of(
                new SelfCheck.Check("sizeFor", true, "equals SizeClasses.roundUp"),
                new SelfCheck.Check("contents", false, "block 0x7f0000001000 of 48 bytes was overwritten at offset 0")));
        InfoReport.StatsView stats = new InfoReport.StatsView(3, 1600, 2048, 16384, 1234, 24000, 16384, 0,
                List.of(new InfoReport.ArenaView(0, 1, 2048, 0, 16384, 0, 0, 0, 0, 0, 0, 0),
                        new InfoReport.ArenaView(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                        new InfoReport.ArenaView(2, 0, 0, 1 << 20, 1 << 20, 1536, 0, 0, 3, 2, 1, 1536)),
                List.of(new InfoReport.SizeClassView(0, 16, 16384, 1024, 10, 5, 5, 1, 1, 5 / 1024.0),
                        new InfoReport.SizeClassView(7, 128, 16384, 128, 3, 0, 3, 1, 2, 3 / 128.0)));
        return new InfoReport(hardware, config, check, stats);
    }

    @Test
    void text_matchesGoldenFile() throws IOException {
        assertEquals(golden("info-report.txt"), TextReport.render(report()));
    }

    @Test
    void json_matchesGoldenFile() throws IOException {
        assertEquals(golden("info-report.json"), report().toJson());
    }

    @Test
    void decay_namesNeverAndAtOnce() {
        assertEquals("never", TextReport.decay("PT-1S"));
        assertEquals("at once", TextReport.decay("PT0S"));
        assertEquals("10 s", TextReport.decay("PT10S"));
        assertEquals("250 ms", TextReport.decay("PT0.25S"));
        assertEquals("PT0.000001S", TextReport.decay("PT0.000001S"));
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = ReportGoldenTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("golden file " + name + " is missing next to " + ReportGoldenTest.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
