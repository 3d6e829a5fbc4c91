package org.jmalloc.lab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteListingTest {

    private static final List<String> OUTPUT = List.of(
            "WARNING: A terminally deprecated method in sun.misc.Unsafe has been called",
            "Benchmarks: ",
            "org.jmalloc.benchmarks.latency.BatchAllocFreeLatencyBenchmark.allocateThenFreeShuffled",
            "  param \"impl\" = {jmalloc, jmalloc-segment, glibc}",
            "org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree",
            "  param \"impl\" = {jmalloc, jmalloc-segment, glibc}",
            "  param \"size\" = {00016, 00064, 00256, 01024}");

    private final SuiteListing listing = SuiteListing.parse(OUTPUT);

    @Test
    void listsBenchmarksWithTheirParameterValues() {
        assertEquals(2, listing.benchmarks().size());
        assertEquals(List.of("00016", "00064", "00256", "01024"), listing.benchmarks()
                .get("org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree").get("size"));
        assertEquals(List.of("jmalloc", "jmalloc-segment", "glibc"), listing.impls());
    }

    @Test
    void runsMultiplyTheParameterValuesAndHonourTheImplFilter() {
        assertEquals(3 + 3 * 4, listing.runs(null));
        assertEquals(2 + 2 * 4, listing.runs(List.of("jmalloc", "glibc")));
    }
}
