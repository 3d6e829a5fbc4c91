package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Both renderings of {@link StatsReport} against golden files, for a fixed snapshot built by hand
 * (so the figures never change), rendered under {@link Locale#ROOT} and again under a German
 * default locale (decimal commas must not leak in); the JSON parses and holds what the text says.
 * Regenerate with {@code -Djmalloc.golden.update=true} and review the diff.
 */
class StatsReportGoldenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/org/jmalloc/allocator");

    static Stats fixedStats() {
        Stats.LockStats none = Stats.LockStats.NONE;
        Stats.SizeClassStats c0 = new Stats.SizeClassStats(0, 16, 4096, 256, 1000, 900, 9500, 100, 1, 2, 10, 7,
                new Stats.LockStats(20, 3, 45_000, 30_000));
        Stats.SizeClassStats c6 = new Stats.SizeClassStats(6, 112, 28672, 256, 512, 0, 600, 512, 2, 2, 4, 0,
                new Stats.LockStats(4, 0, 0, 0));
        Stats.SizeClassStats unused = new Stats.SizeClassStats(7, 128, 4096, 32, 0, 0, 0, 0, 0, 0, 0, 0, none);
        Stats.LargeClassStats l36 = new Stats.LargeClassStats(36, 20480, 2, 2, 5);
        Stats.LargeClassStats l43 = new Stats.LargeClassStats(43, 65536, 1, 0, 1);
        Stats.ArenaStats a0 = new Stats.ArenaStats(0, 2, 1600 + 57344, 65536, 4096 + 57344 + 65536, 8192, 0,
                4_194_304 - 8192 - 4096 - 57344 - 65536, 3, 2, 4, 16384, List.of(c0, c6, unused), List.of(l36, l43),
                new Stats.LockStats(9, 1, 2_500, 2_500));
        Stats.ArenaStats a1 = new Stats.ArenaStats(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                List.of(new Stats.SizeClassStats(0, 16, 4096, 256, 0, 0, 0, 0, 0, 0, 0, 0, none)), List.of(), none);
        return new Stats(1600 + 57344 + 65536, 126976, 23456, 126976 + 8192 + 23456, 126976 + 8192,
                4_194_304 - 126976 - 8192, List.of(a0, a1), List.of(c0, c6, unused), List.of(l36, l43), 0,
                new WorkCounts(0, 0, 0, 0, 0, 0, 0, 0, 0), new Stats.ThreadTotals(2, 1_000_000, 875_520, 9000, 40, 40, 12));
    }

    static AllocatorConfig fixedConfig() {
        return new AllocatorConfig(2, true, 32768, Duration.ofSeconds(10), Duration.ZERO, false, 4096, 4096,
                Long.MAX_VALUE, 14336, 35, 1L << 40, true, org.jmalloc.allocator.os.Thp.DEFAULT);
    }

    @ParameterizedTest(name = "options \"{0}\"")
    @ValueSource(strings = {"", "J", "ab", "Jgmbt"})
    void matchesItsGoldenFileInEveryLocale(String letters) throws IOException {
        StatsOptions options = StatsOptions.parse(letters);
        String name = "stats-" + (letters.isEmpty() ? "all" : letters) + (options.json() ? ".json" : ".txt");
        Locale saved = Locale.getDefault();
        String root;
        String german;
        try {
            Locale.setDefault(Locale.ROOT);
            root = StatsReport.render(fixedStats(), fixedConfig(), options);
            Locale.setDefault(Locale.GERMANY);
            german = StatsReport.render(fixedStats(), fixedConfig(), options);
        } finally {
            Locale.setDefault(saved);
        }
        assertEquals(root, german, "the report must not depend on the default locale");
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("jmalloc.golden.update")) {
            Files.writeString(file, root, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), root, name);
    }

    @Test
    void jsonParsesAndHoldsTheTotalsArenasAndSizeClasses() throws IOException {
        JsonNode n = new ObjectMapper().readTree(StatsReport.render(fixedStats(), fixedConfig(), StatsOptions.parse("J")));
        Stats s = fixedStats();
        assertEquals(s.allocated(), n.get("stats").get("allocated").asLong());
        for (String total : new String[] {"allocated", "active", "metadata", "resident", "mapped", "retained"}) {
            assertTrue(n.get("stats").has(total), total);
        }
        assertEquals(2, n.get("arenas").size());
        assertEquals(3, n.get("size_classes").size());
        assertEquals(0.390625, n.get("size_classes").get(0).get("utilization").asDouble(), 1e-3);
        assertEquals(512, n.get("arenas").get(0).get("bins").get(1).get("curregs").asLong());
        assertEquals(8192, n.get("arenas").get(0).get("dirty_bytes").asLong());
        JsonNode bin0 = n.get("arenas").get(0).get("bins").get(0);
        assertEquals(10, bin0.get("nfills").asLong());
        assertEquals(7, bin0.get("nflushes").asLong());
        assertEquals(3, bin0.get("lock").get("num_wait").asLong());
        assertEquals(30_000, bin0.get("lock").get("max_wait_ns").asLong());
        assertEquals(1, n.get("arenas").get(0).get("page_lock").get("num_wait").asLong());
        JsonNode locks = n.get("arenas").get(0).get("locks");
        assertEquals(9 + 20 + 4, locks.get("num_ops").asLong(), "the page lock's and every bin lock's");
        assertEquals(30_000, locks.get("max_wait_ns").asLong(), "the largest of their maxima");
        assertEquals(2, n.get("large_classes").size());
        assertEquals(65536, n.get("large_classes").get(1).get("size").asLong());
        assertEquals(1, n.get("arenas").get(0).get("lextents").get(1).get("curlextents").asLong());
    }

    @Test
    void omittedSectionsAreAbsent() throws IOException {
        JsonNode n = new ObjectMapper().readTree(StatsReport.render(fixedStats(), fixedConfig(), StatsOptions.parse("Jgmab")));
        assertFalse(n.has("config"));
        assertFalse(n.has("size_classes"));
        assertFalse(n.has("arenas"));
        assertTrue(n.has("stats"));
        String text = StatsReport.render(fixedStats(), fixedConfig(), StatsOptions.parse("gml"));
        assertFalse(text.contains("Config:"));
        assertFalse(text.contains("Merged arenas:"));
        assertFalse(text.contains("large: nmalloc"));
        assertTrue(text.contains("Arena 1:"));
    }

    @Test
    void unknownOptionLetterIsRefusedWithTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StatsOptions.parse("Jz"));
        assertTrue(e.getMessage().startsWith("unknown stats option 'z' in \"Jz\": J (JSON), g (no general)"),
                e.getMessage());
    }

    @Test
    void liveAllocatorReportParses() throws IOException {
        try (Allocator a = Allocator.builder().arenas(2).build()) {
            long p = a.malloc(100);
            long q = a.malloc(100_000);
            JsonNode n = new ObjectMapper().readTree(StatsReport.render(a.stats(), a.config(), StatsOptions.parse("J")));
            assertTrue(n.get("stats").get("allocated").asLong() >= 112 + a.usableSize(q));
            assertEquals(2, n.get("arenas").size());
            assertEquals(a.config().smallClasses(), n.get("size_classes").size());
            a.free(p);
            a.free(q);
        }
    }
}
