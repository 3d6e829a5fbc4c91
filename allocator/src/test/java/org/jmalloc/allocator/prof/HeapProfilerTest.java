package org.jmalloc.allocator.prof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The profiler's bookkeeping: samples land on the stack that recorded them (application frames
 * only, innermost first), a release forgets exactly that sample, the totals are the sums over
 * the live samples, and the three renderings agree with each other.
 */
class HeapProfilerTest {

    private final HeapProfiler profiler = new HeapProfiler(10, true, 42);

    private void fromSiteA(long address) {
        profiler.record(address, 4096, 20, false);
    }

    private void fromSiteB(long address) {
        profiler.record(address, 64, 3, true);
    }

    @Test
    void samplesAreAttributedToTheirCallersAndReleasedExactly() throws Exception {
        for (int i = 0; i < 10; i++) {
            fromSiteA(0x10000 + i * 4096L);
        }
        for (int i = 0; i < 30; i++) {
            fromSiteB(0x900000 + i * 64L);
        }
        HeapProfile p = profiler.snapshot();
        assertEquals(2, p.stacks().size());
        StackProfile a = p.stacks().get(0); // 4 KiB samples weigh about 1, 64-byte ones about 16.5
        StackProfile b = p.stacks().get(1);
        assertEquals("fromSiteA", a.frames().get(0).methodName());
        assertEquals(HeapProfilerTest.class.getName(), a.frames().get(0).className());
        assertEquals("fromSiteB", b.frames().get(0).methodName());
        assertEquals(10, a.samples());
        assertEquals(10 * 4096, a.sampledBytes());
        assertEquals(10 * 4096 * SampleMath.weight(4096, 10), a.estimatedBytes(), 1e-6);
        assertEquals(30 * SampleMath.weight(64, 10), b.estimatedObjects(), 1e-9);
        assertTrue(a.estimatedBytes() > b.estimatedBytes());

        assertNotNull(profiler.release(0x900000));
        assertNull(profiler.release(0x900000), "a sample is released once");
        assertNull(profiler.release(0x123), "an address never sampled");
        assertEquals(29, profiler.snapshot().stacks().get(1).samples());
        assertEquals(39, profiler.liveSamples());
        assertEquals(40, profiler.totalSamples());
        Sample freed = profiler.freedAround(0x900000 + 10);
        assertNotNull(freed, "an address inside the freed sample's block");
        assertEquals("fromSiteB", freed.frames().get(0).methodName());
        assertNull(profiler.freedAround(0x900000 + 64), "the next block is not part of it");

        for (int i = 0; i < 10; i++) {
            profiler.release(0x10000 + i * 4096L);
        }
        HeapProfile after = profiler.snapshot();
        assertEquals(1, after.stacks().size(), "a stack without live samples is left out");
        assertEquals(29 * 64 * SampleMath.weight(64, 10), after.estimatedBytes(), 1e-6);
    }

    @Test
    void renderingsAgree() throws Exception {
        fromSiteA(0x10000);
        fromSiteB(0x20000);
        HeapProfile p = profiler.snapshot();

        String[] lines = p.collapsed().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].endsWith(HeapProfilerTest.class.getName() + ".fromSiteA "
                + Math.round(p.stacks().get(0).estimatedBytes())), lines[0]);
        assertTrue(lines[0].startsWith("java.") || lines[0].contains(";"), "root first: " + lines[0]);

        JsonNode json = new ObjectMapper().readTree(p.json());
        assertEquals(10, json.get("lg_sample").asInt());
        assertEquals(1024, json.get("sample_interval_bytes").asLong());
        assertEquals(2, json.get("live").get("samples").asLong());
        assertEquals("fromSiteA", json.get("stacks").get(0).get("frames").get(0).get("method").asText());
        assertTrue(json.get("stacks").get(0).get("frames").get(0).get("line").asInt() > 0);

        String report = p.leakReport();
        assertTrue(report.startsWith("jmalloc leak report: ~" + Math.round(p.estimatedBytes()) + " bytes"), report);
        assertTrue(report.contains("at " + HeapProfilerTest.class.getName() + ".fromSiteB(HeapProfilerTest.java:"),
                report);
    }

    @Test
    void invalidRateIsRefusedWithTheRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HeapProfiler(41, true, 1));
        assertTrue(e.getMessage().contains("between 0 and 40"), e.getMessage());
    }
}
