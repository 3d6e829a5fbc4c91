package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jmalloc.allocator.os.ProcessFootprint;
import org.junit.jupiter.api.Test;

/**
 * 1,000 short-lived platform threads, each allocating blocks that outlive it and ending; then every
 * block freed by the main thread and the allocator purged: nothing is allocated, and the process's
 * resident set (the kernel's figure, {@link ProcessFootprint}) is back within 10 % of where it was
 * before the threads ran. Measured in a child JVM ({@link ThreadChurnChild}) whose Java heap is
 * fixed and pre-touched, so that a heap growing or shrinking in between is not counted; the churn
 * runs once before the baseline, so that the JVM's own first-time growth is not counted either.
 */
class ThreadChurnFootprintTest {

    private static final Pattern FIGURES = Pattern.compile(
            "start (\\d+) peak (\\d+) held (\\d+) end (\\d+) allocated (\\d+)");

    @Test
    void aThousandThreadsThatAllocateAndDieLeaveNothingAllocatedAndTheResidentSetWhereItWas() throws Exception {
        assumeTrue(ProcessFootprint.available(), "skipped: no /proc/self/smaps_rollup or statm on this system");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-Xms128m", "-Xmx128m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), ThreadChurnChild.class.getName()))
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child did not end: " + out);
        assertEquals(0, child.exitValue(), out);
        Matcher m = FIGURES.matcher(out);
        assertTrue(m.find(), "no figures in the child's output: " + out);
        long start = Long.parseLong(m.group(1));
        long peak = Long.parseLong(m.group(2));
        long held = Long.parseLong(m.group(3));
        long end = Long.parseLong(m.group(4));
        System.out.printf("thread churn: rss %d MiB before, %d MiB with %d MiB held by %d dead threads' blocks,"
                + " %d MiB after free and purge%n", start >> 20, peak >> 20, held >> 20, ThreadChurnChild.THREADS,
                end >> 20);

        assertEquals(0, Long.parseLong(m.group(5)), "stats().allocated once every block is freed and purge() ran");
        assertTrue(peak - start >= held / 2, String.format("the blocks were resident: rss grew by %d bytes while %d"
                + " were held", peak - start, held));
        assertTrue(end <= start + start / 10, String.format("rss after purge %d bytes, more than 10 %% above the %d"
                + " before the threads ran", end, start));
    }
}
