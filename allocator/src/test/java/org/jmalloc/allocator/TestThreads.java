package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs tasks on platform threads of their own and waits until every thread has terminated, so a
 * test can then rely on the allocator seeing those threads as dead. The first failure of any task
 * fails the test, with the others attached as suppressed.
 */
final class TestThreads {

    private TestThreads() {
    }

    /** Starts one thread per task, joins them all (bounded by {@code timeoutSeconds}), rethrows failures. */
    static void runAll(String name, List<? extends Runnable> tasks, long timeoutSeconds) {
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            Runnable task = tasks.get(i);
            threads.add(Thread.ofPlatform().daemon(true).name(name + "-" + i).start(() -> {
                try {
                    task.run();
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (Thread thread : threads) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !thread.join(java.time.Duration.ofNanos(left))) {
                    fail(thread.getName() + " did not finish within " + timeoutSeconds + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while joining " + thread.getName(), e);
            }
        }
        rethrow(failures);
    }

    /** Fails with the first collected failure, the others suppressed; does nothing when there is none. */
    static void rethrow(ConcurrentLinkedQueue<Throwable> failures) {
        Throwable first = failures.poll();
        if (first == null) {
            return;
        }
        AssertionError error = new AssertionError("a worker thread failed: " + first, first);
        for (Throwable other : failures) {
            error.addSuppressed(other);
        }
        throw error;
    }
}
