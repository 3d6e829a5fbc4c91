package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jmalloc.allocator.prof.HeapProfile;
import org.jmalloc.allocator.prof.StackProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sampled heap profiling end to end: two call sites allocate known bytes at known sizes (through
 * the fast path, its refills and the large path) and the live profile attributes the bytes to
 * each within 20 %; the dumps agree; freed samples leave the profile; sampled blocks behave like
 * any other (usable size, sized free, realloc); a leak report lists what is still live on close.
 */
class HeapProfilingTest {

    private static final long SEED = Long.getLong("jmalloc.test.seed", 0x9F0F1L);

    private static long[] siteA(Allocator a, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = a.malloc(256);
        }
        return out;
    }

    private static long[] siteB(Allocator a, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = a.malloc(40_000); // a large class the thread cache does not keep
        }
        return out;
    }

    private static StackProfile stackOf(HeapProfile p, String method) {
        return p.stacks().stream().filter(s -> s.frames().get(0).methodName().equals(method)).findFirst().orElse(null);
    }

    @Test
    void profileAttributesBytesToBothCallSitesWithinTwentyPercent(@TempDir Path dir) throws Exception {
        List<String> leaks = new ArrayList<>();
        try (Allocator a = Allocator.builder().arenas(1)
                .profiling(ProfilingOptions.defaults().withLgSample(14).withSeed(SEED).withLeakReport(leaks::add))
                .build()) {
            long[] as = siteA(a, 40_000);     // 40,000 × 256 B = 10.24 MB
            long[] bs = siteB(a, 200);        // 200 × 40,960 B = 8.19 MB
            HeapProfile p = a.heapProfile();
            StackProfile sa = stackOf(p, "siteA");
            StackProfile sb = stackOf(p, "siteB");
            assertNotNull(sa, p::collapsed);
            assertNotNull(sb, p::collapsed);
            assertEquals(1.0, sa.estimatedBytes() / (40_000.0 * 256), 0.20, "site A, seed " + SEED + ": " + sa);
            assertEquals(1.0, sb.estimatedBytes() / (200.0 * 40_960), 0.20, "site B, seed " + SEED + ": " + sb);
            assertTrue(a.control().getLong("prof.live_samples") == p.liveSamples());

            String collapsed = p.collapsed();
            assertTrue(collapsed.lines().anyMatch(l -> l.matches(".*HeapProfilingTest\\.siteA \\d+")), collapsed);
            JsonNode json = new ObjectMapper().readTree(p.json());
            assertEquals(14, json.get("lg_sample").asInt());
            assertEquals(p.stacks().size(), json.get("stacks").size());
            Path file = dir.resolve("heap.json");
            a.control().set("prof.dump", file.toString());
            assertEquals(p.stacks().size(), new ObjectMapper().readTree(Files.readString(file)).get("stacks").size());
            Path flame = dir.resolve("heap.collapsed");
            a.control().set("prof.dump", flame.toString());
            assertTrue(Files.readString(flame).contains("siteB "));

            for (long b : as) {
                assertEquals(256, a.usableSize(b), "sampled or not, a block has its class's usable size");
                a.free(b, 256);
            }
            assertEquals(null, stackOf(a.heapProfile(), "siteA"), "freed samples leave the profile");
            long moved = a.realloc(bs[0], 50_000);
            assertTrue(a.usableSize(moved) >= 50_000);
            bs[0] = moved;
            a.free(bs[1]);
        }
        assertEquals(1, leaks.size(), "one leak report on close");
        assertTrue(leaks.get(0).startsWith("jmalloc leak report: ~"), leaks.get(0));
        assertTrue(leaks.get(0).contains("at " + HeapProfilingTest.class.getName() + ".siteB("), leaks.get(0));
        assertFalse(leaks.get(0).contains(".siteA("), leaks.get(0));
    }

    @Test
    void aFreedSampleRunIsReusedForTheNextSampleAndStaysFreedMemoryToTheApplication() {
        for (boolean marks : new boolean[] {true, false}) {
            try (Allocator a = Allocator.builder().arenas(1).freeMarks(marks)
                    .profiling(ProfilingOptions.defaults().withLgSample(0).withLeakReport(null)).build()) {
                long first = a.malloc(64); // every allocation is sampled: a promoted run of its own
                assertEquals(64, a.usableSize(first));
                a.free(first);
                assertThrows(IllegalStateException.class, () -> a.free(first), "marks " + marks + ": a double free of a sample");
                assertThrows(IllegalStateException.class, () -> a.usableSize(first), "marks " + marks + ": a freed sample");
                long second = a.malloc(100);
                assertEquals(first, second, "the spare run serves the next sample");
                assertEquals(112, a.usableSize(second), "with the size of the class asked for this time");
                long before = a.heapProfile().totalSamples();
                long[] many = new long[64];
                for (int i = 0; i < many.length; i++) {
                    many[i] = a.malloc(32);
                }
                for (long b : many) {
                    a.free(b, 32);
                }
                a.free(second, 100);
                assertEquals(before + many.length, a.heapProfile().totalSamples());
                assertEquals(0, a.heapProfile().liveSamples());
                a.purge();
                assertEquals(0, a.stats().active(), "purge gives the spare sample runs back");
                assertEquals(0, a.stats().allocated());
            }
        }
    }

    @Test
    void inactiveProfilerSamplesNothingUntilActivated() {
        try (Allocator a = Allocator.builder().arenas(1)
                .profiling(ProfilingOptions.defaults().withActive(false).withLgSample(10).withLeakReport(null))
                .build()) {
            siteA(a, 10_000);
            assertEquals(0, a.heapProfile().totalSamples());
            a.control().set("prof.active", true);
            siteA(a, 10_000); // the next event (within 1024 cached mallocs) arms the sample interval
            assertTrue(a.heapProfile().totalSamples() > 100, a.heapProfile()::collapsed);
        }
    }

    @Test
    void heapProfileWithoutProfilingSaysHowToTurnItOn() {
        try (Allocator a = Allocator.builder().build()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, a::heapProfile);
            assertTrue(e.getMessage().contains("profiling(true)"), e.getMessage());
        }
    }
}
