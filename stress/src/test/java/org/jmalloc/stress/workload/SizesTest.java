package org.jmalloc.stress.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SizesTest {

    @Test
    void pareto_staysInRangeAndIsMostlySmall() {
        SplittableRandom r = new SplittableRandom(3);
        int small = 0;
        long max = 0;
        for (int i = 0; i < 100_000; i++) {
            long s = Sizes.pareto(r, 8, 1.1, 1024);
            assertTrue(s >= 8 && s <= 1024, "size " + s);
            small += s <= 64 ? 1 : 0;
            max = Math.max(max, s);
        }
        assertTrue(small > 85_000, "most requests are small: " + small);
        assertEquals(1024, max, "the tail reaches the cap");
    }

    @Test
    void powerOfTwo_andLogUniform_stayInRange() {
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < 10_000; i++) {
            long p = Sizes.powerOfTwo(r, 4, 16);
            assertTrue(Long.bitCount(p) == 1 && p >= 16 && p <= 65536, "size " + p);
            long l = Sizes.logUniform(r, 16, 4096);
            assertTrue(l >= 16 && l <= 4096, "size " + l);
        }
    }

    @Test
    void registry_namesEveryWorkloadOfTheIssueOnce() {
        assertEquals(java.util.List.of("larson", "xmalloc", "cache-scratch", "cache-thrash", "mstress", "sh6bench",
                "sh8bench", "alloc-test", "realloc", "bursty-tensor", "fragmentation", "thread-churn", "memory-limit"),
                Workloads.names());
        for (String name : Workloads.names()) {
            assertEquals(name, Workloads.create(name).name());
        }
        assertEquals(13, Workloads.select("all").size());
        assertEquals(2, Workloads.select("larson, realloc").size());
    }
}
