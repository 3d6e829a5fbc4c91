package org.jmalloc.stress.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jmalloc.stress.StressOptions;
import org.jmalloc.stress.StressResult;
import org.jmalloc.stress.WorkloadResult;
import org.jmalloc.stress.check.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stress result file against {@code stress-result.golden.json}, rendered under a German default locale (decimal
 * commas would show). To accept a deliberate change run with {@code -Dgolden.update=true} and review the diff; a
 * change of a field's name or meaning also increments {@link StressJson#SCHEMA_VERSION}.
 */
class StressJsonGoldenTest {

    private static final String GOLDEN = "stress-result.golden.json";
    private static final Instant STARTED = Instant.parse("2026-12-01T12:00:00Z");
    private static final Map<String, String> ENVIRONMENT = Map.of("jdkVersion", "25.0.3", "vmName",
            "OpenJDK 64-Bit Server VM", "os", "Linux 6.18 amd64", "cpus", "2");

    private static StressOptions options() {
        return StressOptions.builder().workloads("larson,memory-limit").threads(2).duration(Duration.ofSeconds(10))
                .seed(42).faultRate(0.5).watchdogTimeout(Duration.ofSeconds(30)).build();
    }

    private static StressResult result() {
        WorkloadResult larson = new WorkloadResult("larson", 2, 42, 10_000_000_000L, 25_752_438, 403_275_366L,
                12_582_912L, 3, 3, 0, 0, List.of(), Map.of("os map calls", 9L, "threads started", 13L),
                "./lab stress --workload larson --threads 2 --duration 10s --seed 42 --fault-rate 0.5", null);
        WorkloadResult limit = new WorkloadResult("memory-limit", 2, 42, 10_014_000_000L, 9_224_647, -1, 67_100_000L,
                99_071, 0, 0, 2, List.of(new Violation(Violation.Kind.NOT_RECOVERED, "malloc(8388608) refused with"
                        + " nothing live", "memory-limit-0", 42)), Map.of("limit hits", 99_071L),
                "./lab stress --workload memory-limit --threads 2 --duration 10s --seed 42 --fault-rate 0.5", null);
        return new StressResult(List.of(larson, limit));
    }

    private static String render() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            return StressJson.render(options(), result(), STARTED, ENVIRONMENT);
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void rendersTheGoldenFile() throws IOException {
        String json = render();
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(Path.of("src/test/resources/org/jmalloc/stress/report", GOLDEN), json,
                    StandardCharsets.UTF_8);
        }
        try (InputStream in = getClass().getResourceAsStream(GOLDEN)) {
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), json);
        }
    }

    @Test
    void theFileSaysItsSchemaAndEveryMetricItsDirection() throws IOException {
        JsonNode root = new ObjectMapper().readTree(render());
        assertEquals(StressJson.SCHEMA, root.get("schema").asText());
        assertEquals(StressJson.SCHEMA_VERSION, root.get("schemaVersion").asInt());
        assertEquals(false, root.get("passed").asBoolean());
        JsonNode limit = root.get("workloads").get(1);
        assertEquals(true, limit.get("peakRssBytes").isNull(), "unknown RSS is null");
        assertEquals(2, limit.get("metrics").size(), "no peak_rss metric without a value");
        JsonNode violations = limit.get("metrics").get(0);
        assertEquals("stress.violations", violations.get("name").asText());
        assertEquals("lower_is_better", violations.get("direction").asText());
        assertEquals("deterministic", violations.get("kind").asText());
        assertEquals(2, violations.get("value").asLong());
    }

    @Test
    void write_createsTheDirectory(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("stress/20261201-120000.json");
        StressJson.write(file, options(), result(), STARTED, ENVIRONMENT);
        assertEquals(render(), Files.readString(file));
    }
}
