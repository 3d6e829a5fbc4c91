package org.jmalloc.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.jmalloc.allocator.Allocator;
import org.junit.jupiter.api.Test;

/** The binder's meters exist with their tags and units and read the allocator's own figures. */
class JmallocMetricsTest {

    @Test
    void metersReadTheAllocatorsStats() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Allocator a = Allocator.builder().arenas(2).build()) {
            new JmallocMetrics(a, "cache", Tags.of("service", "test"), Duration.ZERO).bindTo(registry);
            long p = a.malloc(1 << 20);
            Gauge allocated = registry.get("jmalloc.allocated").tags("allocator", "cache", "service", "test").gauge();
            assertEquals(a.stats().allocated(), (long) allocated.value());
            assertEquals("bytes", allocated.getId().getBaseUnit());
            for (String g : new String[] {"jmalloc.active", "jmalloc.metadata", "jmalloc.resident", "jmalloc.mapped",
                "jmalloc.retained", "jmalloc.threads", "jmalloc.threads.allocated", "jmalloc.threads.deallocated",
                "jmalloc.tcache.hits", "jmalloc.tcache.misses", "jmalloc.tcache.fills", "jmalloc.tcache.flushes",
                "jmalloc.prof.samples"}) {
                assertTrue(registry.get(g).gauge().value() >= 0, g);
            }
            assertEquals(2.0, registry.get("jmalloc.arenas").gauge().value());
            assertTrue(registry.get("jmalloc.threads.allocated").gauge().value() >= 1 << 20);
            a.free(p);
            double purgesBefore = registry.get("jmalloc.purges").functionCounter().count();
            a.purge();
            FunctionCounter purged = registry.get("jmalloc.purged").functionCounter();
            assertTrue(registry.get("jmalloc.purges").functionCounter().count() > purgesBefore);
            assertTrue(purged.count() >= 1 << 20);
            assertEquals(a.stats().allocated(), (long) allocated.value());
        }
        assertTrue(Double.isNaN(registry.get("jmalloc.allocated").gauge().value()), "a closed allocator reads NaN");
    }
}
