package org.jmalloc.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.jmalloc.allocator.TestFault;
import org.jmalloc.stress.check.BlockCookie;
import org.jmalloc.stress.check.Violation;
import org.jmalloc.stress.workload.Workload;
import org.jmalloc.stress.workload.WorkloadContext;
import org.jmalloc.stress.workload.Workloads;
import org.junit.jupiter.api.Test;

/**
 * The checks can fail: an allocator with a deliberate bug, a workload that leaks past the checked
 * heap and a run that hangs are each caught and reported with a replay command.
 */
class IntegrityChecksCatchBrokenAllocatorTest {

    private final StringWriter output = new StringWriter();

    private StressOptions.Builder options() {
        return StressOptions.builder().threads(1).duration(Duration.ofSeconds(1)).seed(1234)
                .out(new PrintWriter(output, true));
    }

    @Test
    void blockHandedOutTwice_isCaughtByTheLiveSetAndTheShadowMap() {
        StressOptions opts = options().workloads("alloc-test").shadowSampleShift(0)
                .testFault(TestFault.OVERLAP_ONCE).build();

        StressResult result = new StressRunner(opts).run();

        assertFalse(result.passed());
        List<Violation> overlaps = result.get("alloc-test").violations().stream()
                .filter(v -> v.kind() == Violation.Kind.OVERLAP).toList();
        assertTrue(overlaps.stream().anyMatch(v -> v.message().contains("the address of a live")),
                "live set: " + overlaps + "\n" + output);
        assertTrue(overlaps.stream().anyMatch(v -> v.message().contains("which overlaps live block 0x")),
                "shadow map: " + overlaps + "\n" + output);
        Violation v = overlaps.get(0);
        assertTrue(v.message().matches("malloc of \\d+ bytes returned 0x[0-9a-f]+, .*"), v.message());
        assertEquals(1234, v.seed());
        assertTrue(v.thread().startsWith("alloc-test-worker-"), v.thread());
        assertTrue(output.toString().contains("./lab stress --workload alloc-test --threads 1 --duration 1s --seed 1234"),
                output.toString());
    }

    @Test
    void strayWriteIntoALiveBlock_isCaughtByItsCookieOnFree() {
        Workload stray = new NamedWorkload("stray", ctx -> {
            long a = ctx.heap().malloc(48);
            long b = ctx.heap().malloc(48);
            BlockCookie.poke(b + 8, 0x5eed); // what an overlapping block or a buffer overrun would do
            ctx.heap().free(a, 48);
            ctx.heap().free(b, 48);
        });

        WorkloadResult result = new StressRunner(options().build()).run(stray);

        assertEquals(1, result.violationCount(), result.violations().toString());
        Violation v = result.violations().get(0);
        assertEquals(Violation.Kind.BAD_COOKIE, v.kind());
        assertTrue(v.message().matches("free of block 0x[0-9a-f]+ \\(48 bytes\\): 8 bytes at offset 8: expected 0x[0-9a-f]{16}"
                + " found 0x0000000000005eed"), v.message());
        assertEquals("stray-driver", v.thread());
        assertEquals(1234, v.seed());
    }

    @Test
    void blockFreedOutsideTheCheckedHeap_isCaughtAsALeakByTheFinalStats() {
        Workload leaky = new NamedWorkload("leaky", ctx -> ctx.allocator().malloc(100));

        WorkloadResult result = new StressRunner(options().build()).run(leaky);

        assertEquals(1, result.violationCount(), result.violations().toString());
        Violation v = result.violations().get(0);
        assertEquals(Violation.Kind.LEAK, v.kind());
        assertTrue(v.message().startsWith("stats().allocated is 112 bytes after every block was freed"), v.message());
    }

    @Test
    void hungWorker_isCaughtByTheWatchdogWithAThreadDump() throws InterruptedException {
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        Workload hung = new NamedWorkload("hung", ctx -> ctx.runWorkers(1, "sleeper", (i, r) -> never.await()));
        StressOptions opts = options().duration(Duration.ofMillis(200)).watchdogTimeout(Duration.ofSeconds(1)).build();
        try {
            WorkloadResult result = new StressRunner(opts).run(hung);

            assertEquals(Violation.Kind.DEADLOCK, result.violations().get(0).kind());
            assertTrue(result.threadDump().contains("\"hung-sleeper-0\""), result.threadDump());
            assertTrue(result.threadDump().contains("CountDownLatch.await"), result.threadDump());
        } finally {
            never.countDown();
        }
    }

    @Test
    void unknownWorkload_isRejectedWithTheKnownNames() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new StressRunner(options().workloads("larsen").build()).run());
        assertEquals("unknown workload 'larsen': choose one of " + String.join(", ", Workloads.names()) + " or all",
                e.getMessage());
    }

    /** A test workload from a lambda. */
    private record NamedWorkload(String name, Body body) implements Workload {
        interface Body {
            void run(WorkloadContext ctx) throws InterruptedException;
        }

        @Override
        public String summary() {
            return "test workload";
        }

        @Override
        public void run(WorkloadContext ctx) throws InterruptedException {
            body.run(ctx);
        }
    }
}
