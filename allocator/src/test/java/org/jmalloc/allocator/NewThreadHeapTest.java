package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A program that starts thread after thread must not pay Java heap for each: every byte a
 * short-lived thread allocates takes a fresh TLAB, and the heap pages those TLABs touch stay
 * resident (what {@code ThreadChurnFootprint} measures). So a new platform thread's first calls
 * allocate nothing on the Java heap once a dead thread's cache has been reaped for it to take over
 * (cache object, arrays, by-thread-id entry, no {@code ThreadLocal} map, slab bitmaps kept by the
 * bins), and its system calls allocate no more than an old thread's (no errno buffer of its own).
 *
 * <p>Measured by the JVM's own per-thread allocation counter, exact to the byte, in a child JVM
 * ({@link NewThreadHeapChild}) that runs interpreted: a new thread's first calls run code the JIT
 * may not have compiled for it, and only in the interpreter does every {@code new} allocate, and
 * nothing else does (compiled code's tier changes make the JVM allocate now and then).
 */
class NewThreadHeapTest {

    private static final Pattern ROUND = Pattern.compile("round (\\d+) (\\d+)");

    @Test
    void aNewThreadsAllocatorCallsAllocateNothingOnTheJavaHeapOnceADeadThreadsCacheIsThereToTakeOver()
            throws Exception {
        String out = child("allocator");
        List<Long> rounds = rounds(out);
        // The first rounds load classes and open slabs and size bins; from then on a new thread allocates nothing.
        assertEquals(List.of(0L, 0L, 0L, 0L), rounds.subList(8, 12),
                "heap bytes the thread of each round allocated in its calls: " + rounds);
        assertTrue(out.contains("allocated 0"), "every block went back: " + out);
    }

    @Test
    void aNewThreadsSystemCallsAllocateNoMoreThanAnOldThreadsSameCalls() throws Exception {
        String out = child("syscalls");
        List<Long> rounds = rounds(out);
        Matcher old = Pattern.compile("old-thread (\\d+)").matcher(out);
        assertTrue(old.find(), out);
        long oldThread = Long.parseLong(old.group(1));
        for (long bytes : rounds.subList(2, 12)) {
            assertEquals(oldThread, bytes, "heap bytes of each round's new thread " + rounds
                    + " against the same calls on the main thread (" + oldThread + ", the JDK's own per call)");
        }
    }

    private static String child(String mode) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "-Xint", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), NewThreadHeapChild.class.getName(), mode))
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child did not end: " + out);
        assertEquals(0, child.exitValue(), out);
        return out;
    }

    private static List<Long> rounds(String out) {
        List<Long> rounds = new ArrayList<>();
        Matcher m = ROUND.matcher(out);
        while (m.find()) {
            rounds.add(Long.parseLong(m.group(2)));
        }
        assertEquals(NewThreadHeapChild.ROUNDS, rounds.size(), "one figure per round: " + out);
        return rounds;
    }
}
