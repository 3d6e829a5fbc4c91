package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Telemetry as a JMX client and a JFR recording see it: the MXBean's attributes read through the
 * platform MBean server agree with the stats, and a recording holds the huge-allocation, purge,
 * out-of-memory and profile-sample events with their fields.
 */
class TelemetryTest {

    @Test
    void mxBeanAttributesReadThroughThePlatformServer() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName on;
        try (Allocator a = Allocator.builder().arenas(2).name("telemetry-test")
                .profiling(ProfilingOptions.defaults().withLgSample(12).withLeakReport(null)).build()) {
            on = a.registerMBean("telemetry-test");
            assertEquals(new ObjectName("org.jmalloc:type=Allocator,name=\"telemetry-test\""), on);
            long p = a.malloc(1 << 20);
            assertEquals(a.stats().allocated(), (Long) server.getAttribute(on, "Allocated"));
            for (String attribute : new String[] {"Active", "Metadata", "Resident", "Mapped", "Retained", "Threads",
                "ThreadsAllocated", "ThreadsDeallocated", "ThreadCacheHits", "ThreadCacheMisses", "ThreadCacheFills",
                "ThreadCacheFlushes", "Purges", "PurgedBytes", "ProfileLiveSamples"}) {
                assertTrue((Long) server.getAttribute(on, attribute) >= 0, attribute);
            }
            assertEquals(2, (Integer) server.getAttribute(on, "Arenas"));
            assertTrue((Long) server.getAttribute(on, "ThreadsAllocated") >= 1 << 20);
            assertTrue((Boolean) server.getAttribute(on, "ProfilingActive"));
            server.setAttribute(on, new Attribute("ProfilingActive", false));
            assertFalse(a.control().getBoolean("prof.active"));
            String json = (String) server.invoke(on, "statsJson", null, null);
            assertEquals(a.stats().arenas().size(), new ObjectMapper().readTree(json).get("arenas").size());
            assertTrue(((String) server.invoke(on, "statsText", null, null)).startsWith("___ Begin jmalloc statistics"));
            IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
                    () -> a.registerMBean("telemetry-test"));
            assertTrue(taken.getMessage().contains("already registered"), taken.getMessage());
            a.free(p);
        }
        assertFalse(server.isRegistered(on), "close() unregisters the MBean");
    }

    @Test
    void jfrRecordingHoldsTheAllocatorsEvents(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jmalloc.jfr");
        try (Recording r = new Recording()) {
            for (String e : new String[] {"org.jmalloc.HugeAllocation", "org.jmalloc.Purge", "org.jmalloc.OutOfMemory",
                "org.jmalloc.ProfileSample"}) {
                r.enable(e);
            }
            r.start();
            try (Allocator a = Allocator.builder().arenas(1).name("jfr-test").maxBytes(256L << 20)
                    .profiling(ProfilingOptions.defaults().withLgSample(10).withLeakReport(null)).build()) {
                long huge = a.malloc(16L << 20);
                a.free(huge);
                a.purge();
                assertThrows(OutOfMemoryError.class, () -> a.malloc(1L << 30));
                for (int i = 0; i < 1000; i++) {
                    a.free(a.malloc(1000));
                }
            }
            r.stop();
            r.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> "jfr-test".equals(e.getString("allocator"))).toList();
        var byType = events.stream().collect(Collectors.groupingBy(e -> e.getEventType().getName()));
        RecordedEvent huge = byType.get("org.jmalloc.HugeAllocation").get(0);
        assertEquals(16L << 20, huge.getLong("requestedSize"));
        assertTrue(huge.getLong("usableSize") >= 16L << 20);
        assertTrue(huge.getStackTrace() != null && !huge.getStackTrace().getFrames().isEmpty());
        assertTrue(byType.get("org.jmalloc.Purge").stream().anyMatch(e -> e.getLong("size") >= 16L << 20),
                "the freed huge block's pages were purged");
        RecordedEvent oom = byType.get("org.jmalloc.OutOfMemory").get(0);
        assertEquals(1L << 30, oom.getLong("requestedSize"));
        assertTrue(oom.getString("message").contains("1073741824"), oom.getString("message"));
        List<RecordedEvent> samples = byType.get("org.jmalloc.ProfileSample");
        assertTrue(samples.size() > 100, "about one sample per KiB of 1 MB: " + samples.size());
        assertTrue(samples.get(0).getDouble("weight") >= 1.0);
    }
}
