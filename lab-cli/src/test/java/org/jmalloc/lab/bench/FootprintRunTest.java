package org.jmalloc.lab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.jmalloc.lab.core.jmh.JmhResults;
import org.jmalloc.lab.core.run.SuiteListing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FootprintRunTest {

    private static final String FRAGMENTATION =
            "org.jmalloc.benchmarks.footprint.FragmentationFootprintBenchmark.fragment";
    private static final String LATENCY = "org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree";

    @TempDir
    Path dir;

    private static SuiteListing listing() {
        return SuiteListing.parse(List.of("Benchmarks:", FRAGMENTATION, "  param \"impl\" = {jmalloc, glibc}",
                LATENCY, "  param \"impl\" = {jmalloc, glibc, jemalloc}", "  param \"size\" = {00016, 00064}"));
    }

    @Test
    void theFootprintPartHoldsOnlyFootprintBenchmarksAndItsPatternMatchesExactlyThem() {
        SuiteListing footprint = FootprintRun.footprintPart(listing());
        assertEquals(List.of(FRAGMENTATION), List.copyOf(footprint.benchmarks().keySet()));
        assertEquals(2, footprint.runs(null));
        Pattern include = Pattern.compile(FootprintRun.include(footprint));
        assertTrue(include.matcher(FRAGMENTATION).find());
        assertFalse(include.matcher(LATENCY).find());
        assertFalse(include.matcher(FRAGMENTATION + "Other").find(), "anchored at both ends");
        assertTrue(Pattern.compile(FootprintRun.EXCLUDE).matcher(FRAGMENTATION).find());
        assertFalse(Pattern.compile(FootprintRun.EXCLUDE).matcher(LATENCY).find());
    }

    @Test
    void footprintRunsHaveNoWarmupOneIterationAndTheProfiler() {
        assertEquals(List.of("-f", "1", "-wi", "0", "-i", "1", "-prof", FootprintRun.PROFILER, "-prof", "gc"),
                FootprintRun.jmhOptions(FootprintRun.forks(BenchSettings.QUICK), List.of("gc")));
        assertEquals(2, FootprintRun.forks(BenchSettings.FULL));
        assertEquals(2 * 2 * FootprintRun.SECONDS_PER_FORK, FootprintRun.estimateSeconds(2, 2));
    }

    @Test
    void mergeAppendsTheFootprintResultsToTheMainFileAndDeletesTheirs() throws IOException {
        Path main = dir.resolve("run.json");
        Path extra = dir.resolve("run-footprint.json");
        Files.writeString(main, Golden.text("golden-jmh.json"));
        Files.writeString(extra, Golden.text("golden-footprint-jmh.json"));
        int before = JmhResults.read(main).size();
        FootprintRun.mergeInto(main, extra);
        assertEquals(before + JmhResults.parse(Golden.text("golden-footprint-jmh.json")).size(),
                JmhResults.read(main).size());
        assertFalse(Files.exists(extra));

        Path alone = dir.resolve("alone.json");
        Files.writeString(extra, Golden.text("golden-footprint-jmh.json"));
        FootprintRun.mergeInto(alone, extra);
        assertEquals(5, JmhResults.read(alone).size(), "a footprint-only run makes the main file");
        FootprintRun.mergeInto(alone, dir.resolve("none.json"));
        assertEquals(5, JmhResults.read(alone).size(), "nothing to merge: unchanged");

        Files.writeString(extra, "{}");
        assertThrows(IllegalArgumentException.class, () -> FootprintRun.mergeInto(alone, extra));
    }
}
