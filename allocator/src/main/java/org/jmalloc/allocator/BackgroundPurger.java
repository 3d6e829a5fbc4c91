package org.jmalloc.allocator;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jmalloc.allocator.arena.Arena;
import org.jmalloc.allocator.tcache.CacheRegistry;

/**
 * The optional background thread ({@code backgroundPurge(true)}) that drives decay: it wakes up
 * every 1/200 of the shortest decay time (10 ms to 1 s), lets every arena purge what its decay
 * curve allows and reaps the caches of threads that have ended.
 *
 * <p>A step that throws (for example the {@link IllegalStateException} of a double free a dead
 * thread made with {@code freeMarks(false)}, found when its cache is reaped) does not end the
 * thread: the failure is counted ({@link Stats#backgroundPurgeFailures()}), logged through
 * {@link System.Logger} (the 1st, 2nd, 4th, 8th … failure, so a fault that repeats every step does
 * not flood the log) and the next step runs as usual. Every arena is still decayed in a step in
 * which one of them fails. Only {@link #stop()} ends the thread.
 */
final class BackgroundPurger {

    private static final System.Logger LOG = System.getLogger(BackgroundPurger.class.getName());

    private final Arena[] arenas;
    private final CacheRegistry registry;
    private final long sleepMillis;
    private final Thread thread;
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean stopped;

    BackgroundPurger(Arena[] arenas, CacheRegistry registry, Duration dirtyDecay, Duration muzzyDecay) {
        this.arenas = arenas;
        this.registry = registry;
        long shortest = Math.min(positiveOr(dirtyDecay), positiveOr(muzzyDecay));
        this.sleepMillis = Math.clamp(shortest / 1_000_000 / 200, 10, 1000);
        this.thread = Thread.ofPlatform().daemon().name("jmalloc-background-purge").unstarted(this::run);
        thread.start();
    }

    /** Steps that failed so far. */
    long failures() {
        return failures.get();
    }

    /** Stops the thread and waits for it to end (it is between steps or finishing one). */
    void stop() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (!stopped) {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                continue; // stop() interrupts after setting stopped; anything else: keep purging
            }
            if (stopped) {
                return;
            }
            long now = System.nanoTime();
            for (Arena a : arenas) {
                try {
                    a.pages().decay(now);
                } catch (RuntimeException | Error e) {
                    failed("decay of arena " + a.index, e);
                }
            }
            try {
                registry.reapDead();
            } catch (RuntimeException | Error e) {
                failed("reaping the caches of ended threads", e);
            }
        }
    }

    private void failed(String what, Throwable e) {
        long n = failures.incrementAndGet();
        if (Long.bitCount(n) == 1) {
            LOG.log(System.Logger.Level.WARNING, "jmalloc background purge: " + what + " failed (failure " + n
                    + "; the purger keeps running)", e);
        }
    }

    private static long positiveOr(Duration d) {
        return d.isNegative() || d.isZero() ? Long.MAX_VALUE : d.toNanos();
    }
}
