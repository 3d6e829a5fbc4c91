package org.jmalloc.stress.watchdog;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressWatchdogTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void stalled_onlyAfterTheCounterStoodStillForTheTimeout() {
        AtomicLong ops = new AtomicLong();
        ProgressWatchdog dog = new ProgressWatchdog(Duration.ofSeconds(5), ops::get, 0);
        assertFalse(dog.stalled(4 * SECOND));
        ops.incrementAndGet();
        assertFalse(dog.stalled(6 * SECOND), "moved at 6 s");
        assertFalse(dog.stalled(10 * SECOND));
        assertTrue(dog.stalled(11 * SECOND));
    }

    @Test
    void threadDump_showsEveryThreadWithItsFullStackAndLocks() throws InterruptedException {
        Object lock = new Object();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            synchronized (lock) {
                deep(40, holding, release);
            }
        }, "lock-holder-for-dump");
        holder.setDaemon(true);
        holder.start();
        holding.await();
        try {
            String dump = ThreadDump.all();
            assertTrue(dump.contains("\"lock-holder-for-dump\""), dump);
            assertTrue(dump.contains("- locked java.lang.Object@"), dump);
            long frames = dump.lines().filter(l -> l.contains("ProgressWatchdogTest.deep")).count();
            assertTrue(frames >= 40, "the stack is not cut: " + frames + " frames of deep()");
        } finally {
            release.countDown();
            holder.join();
        }
    }

    /** Recurses {@code n} frames deep, then says so (only then is the stack worth dumping) and waits. */
    private static void deep(int n, CountDownLatch holding, CountDownLatch release) {
        if (n > 0) {
            deep(n - 1, holding, release);
            return;
        }
        holding.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
