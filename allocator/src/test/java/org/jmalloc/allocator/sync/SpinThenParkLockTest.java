package org.jmalloc.allocator.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lock counts every acquisition through lock(), as contended exactly those that found it held,
 * and times only those: at least as long as they were kept waiting.
 */
class SpinThenParkLockTest {

    @Test
    void uncontendedAcquisitionsCountOnceEachAndNoneAsContended() {
        SpinThenParkLock lock = new SpinThenParkLock();
        for (int i = 0; i < 3; i++) {
            lock.lock();
            lock.unlock();
        }
        lock.lock();
        lock.lock(); // reentrant
        assertEquals(5, lock.acquisitions());
        assertEquals(0, lock.contended());
        assertEquals(0, lock.waitNanos(), "an uncontended acquisition is not timed");
        assertEquals(0, lock.maxWaitNanos());
        lock.unlock();
        lock.unlock();
    }

    @Test
    void anAcquisitionThatFindsTheLockHeldCountsAsContended() throws Exception {
        SpinThenParkLock lock = new SpinThenParkLock();
        lock.lock();
        Thread waiter = Thread.ofPlatform().start(() -> {
            lock.lock();
            lock.unlock();
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!lock.hasQueuedThread(waiter) && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the waiter spun, failed and queued: its acquisition is contended
        }
        assertTrue(lock.hasQueuedThread(waiter), "the waiter queued behind the holder");
        long queued = System.nanoTime();
        Thread.sleep(20);
        long held = System.nanoTime() - queued; // the waiter waited at least this long
        lock.unlock();
        assertTrue(waiter.join(Duration.ofSeconds(30)), "the waiter got the lock");
        lock.lock();
        assertEquals(3, lock.acquisitions(), "the holder's two and the waiter's one");
        assertEquals(1, lock.contended(), "the waiter's");
        assertTrue(lock.waitNanos() >= held, "waited " + lock.waitNanos() + " ns, held " + held + " ns after it queued");
        assertEquals(lock.waitNanos(), lock.maxWaitNanos(), "one contended acquisition: its wait is the longest");
        long[] counts = new long[4];
        lock.addCountsTo(counts);
        assertEquals(List.of(3L, 1L, lock.waitNanos(), lock.maxWaitNanos()), List.of(counts[0], counts[1], counts[2],
                counts[3]));
        lock.unlock();
    }

    @Test
    void uncountedAcquisitionsLeaveTheCountsAlone() {
        SpinThenParkLock lock = new SpinThenParkLock();
        lock.lockUncounted();
        assertEquals(0, lock.acquisitions());
        lock.unlock();
    }
}
