package org.jmalloc.lab.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jmalloc.guardrails.config.Thresholds;
import org.jmalloc.guardrails.verdict.Evaluator;
import org.jmalloc.guardrails.verdict.GateResult;
import org.jmalloc.guardrails.verdict.MetricVerdict;
import org.jmalloc.guardrails.verdict.Verdict;
import org.junit.jupiter.api.Test;

/**
 * The gate's console table against its golden file, rendered under a German default locale. After an intended
 * change: {@code -Dsurefire.extraArgs=-Dgolden.update=true}, then review the diff.
 */
class ConsoleReportTest {

    @Test
    void consoleTable() throws IOException {
        Locale saved = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            String actual = ConsoleReport.render(result());
            if (Boolean.getBoolean("golden.update")) {
                Files.writeString(Path.of("src/test/resources/org/jmalloc/lab/gate/gate-console.txt"), actual,
                        StandardCharsets.UTF_8);
            }
            try (InputStream in = ConsoleReportTest.class.getResourceAsStream("gate-console.txt")) {
                if (in == null) {
                    throw new IllegalStateException("golden file gate-console.txt is missing");
                }
                assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual);
            }
        } finally {
            Locale.setDefault(saved);
        }
    }

    private static GateResult result() {
        List<MetricVerdict> v = new ArrayList<>(new Evaluator(Thresholds.builtIn(), 1000, 42).evaluate(
                GateObservations.fastPath()));
        v.add(Evaluator.notCompared("ReallocGrowthLatency", Verdict.NEW, "exists only in the candidate"));
        return new GateResult("3f2a1c0 (merge-base with main)", "9b8e7d6", "quick",
                "the candidate's benchmarks jar against both allocator builds", 42, v,
                List.of("perf counters: not measured, this host has no hardware counters"), 421);
    }
}
