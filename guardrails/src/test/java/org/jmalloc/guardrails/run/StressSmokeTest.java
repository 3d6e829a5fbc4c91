package org.jmalloc.guardrails.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jmalloc.guardrails.config.Thresholds;
import org.jmalloc.guardrails.verdict.Evaluator;
import org.jmalloc.guardrails.verdict.MetricVerdict;
import org.jmalloc.guardrails.verdict.Observation;
import org.jmalloc.guardrails.verdict.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StressSmokeTest {

    private static Path fixture() throws URISyntaxException {
        return Path.of(StressSmokeTest.class.getResource("stress-result.json").toURI());
    }

    /** The stress command's JSON (the stress module's golden file): one violation count per workload. */
    @Test
    void readsEveryWorkloadsViolations() throws Exception {
        List<Measurement> m = StressSmoke.read(fixture());
        assertEquals(List.of(new Measurement("Stress larson", "stress.larson", "stress.violations", "count", 0),
                new Measurement("Stress memory-limit", "stress.memory-limit", "stress.violations", "count", 2)), m);
    }

    /** The built-in rule allows no new violation: 0 -> 2 is a regression, 0 -> 0 passes. */
    @Test
    void anyNewViolationIsARegression() throws Exception {
        List<MetricVerdict> v = new Evaluator(Thresholds.builtIn(), 1000, 1).evaluate(StressSmoke.read(fixture())
                .stream().map(x -> new Observation(x.benchmark(), x.jmhName(), x.metric(), x.unit(), new double[] {0},
                        new double[] {x.value()})).toList());
        assertEquals(List.of(Verdict.PASS, Verdict.REGRESSION), v.stream().map(MetricVerdict::verdict).toList());
    }

    @Test
    void aCorruptOrForeignResultIsAClearError(@TempDir Path dir) throws IOException {
        Path truncated = dir.resolve("truncated.json");
        Files.writeString(truncated, "{\"schema\" : \"jmalloc-stress-result\", \"workloads\" : [ {");
        IOException e = assertThrows(IOException.class, () -> StressSmoke.read(truncated));
        assertTrue(e.getMessage().contains("is not valid JSON"), e.getMessage());
        Path foreign = dir.resolve("foreign.json");
        Files.writeString(foreign, "{\"benchmark\" : \"x\"}");
        e = assertThrows(IOException.class, () -> StressSmoke.read(foreign));
        assertTrue(e.getMessage().contains("not a jmalloc-stress-result file"), e.getMessage());
        Path noCount = dir.resolve("nocount.json");
        Files.writeString(noCount, "{\"schema\" : \"jmalloc-stress-result\", \"workloads\" : [ {\"workload\":\"a\"} ]}");
        e = assertThrows(IOException.class, () -> StressSmoke.read(noCount));
        assertTrue(e.getMessage().contains("without a name or violation count"), e.getMessage());
    }

    @Test
    void aMissingLabJarSaysHowToBuildIt(@TempDir Path dir) {
        StressSmoke smoke = new StressSmoke(dir.resolve("jmalloc-lab.jar"), dir, 1,
                new PrintWriter(new StringWriter()));
        IOException e = assertThrows(IOException.class, () -> smoke.run(new Instrument("candidate",
                dir.resolve("a.jar"), dir.resolve("b.jar"))));
        assertTrue(e.getMessage().contains("mvn -B -DskipTests -pl lab-cli -am package"), e.getMessage());
    }
}
