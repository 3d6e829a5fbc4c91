package org.jmalloc.lab.core.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Every measurement the real JMH fixtures give, with its metric, direction, kind, score and per-fork values, against
 * {@code measurements.golden.txt}; run under a German default locale, so a locale-dependent format would show. To
 * accept a deliberate change run with {@code -Dgolden.update=true} and review the diff.
 */
class MeasurementsGoldenTest {

    private static final String GOLDEN = "measurements.golden.txt";

    @Test
    void measurementsOfEveryModeAndOfAThreadGroup() throws IOException {
        Locale saved = Locale.getDefault();
        String text;
        try {
            Locale.setDefault(Locale.GERMANY);
            List<JmhResult> results = new ArrayList<>(Fixtures.everyMode());
            results.add(Fixtures.threadGroup());
            text = render(results);
        } finally {
            Locale.setDefault(saved);
        }
        if (Boolean.getBoolean("golden.update")) {
            Path file = Path.of("src/test/resources/org/jmalloc/lab/core/jmh", GOLDEN);
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
        assertEquals(Fixtures.text(GOLDEN), text);
    }

    private static String render(List<JmhResult> results) {
        StringBuilder out = new StringBuilder();
        for (JmhResult r : results) {
            out.append(r.className()).append(' ').append(r.mode()).append(' ').append(r.params()).append('\n');
            for (Measurement m : r.measurements()) {
                out.append(String.format("  %-28s %-10s %-16s %-13s %s ± %s forks %s%n", m.metric().name(),
                        m.metric().unit(), m.metric().direction(), m.metric().kind(), m.score(), m.error(),
                        m.forks()));
            }
        }
        return out.toString();
    }
}
