package org.jmalloc.allocator;

import java.time.Duration;
import org.jmalloc.allocator.arena.Arena;
import org.jmalloc.allocator.tcache.CacheRegistry;

/**
 * The optional background thread ({@code backgroundPurge(true)}) that drives decay: it wakes up
 * every 1/200 of the shortest decay time (10 ms to 1 s), lets every arena purge what its decay
 * curve allows and reaps the caches of threads that have ended.
 */
final class BackgroundPurger {

    private final Arena[] arenas;
    private final CacheRegistry registry;
    private final long sleepMillis;
    private final Thread thread;
    private volatile boolean stopped;

    BackgroundPurger(Arena[] arenas, CacheRegistry registry, Duration dirtyDecay, Duration muzzyDecay) {
        this.arenas = arenas;
        this.registry = registry;
        long shortest = Math.min(positiveOr(dirtyDecay), positiveOr(muzzyDecay));
        this.sleepMillis = Math.clamp(shortest / 1_000_000 / 200, 10, 1000);
        this.thread = Thread.ofPlatform().daemon().name("jmalloc-background-purge").unstarted(this::run);
        thread.start();
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
                return;
            }
            if (stopped) {
                return;
            }
            long now = System.nanoTime();
            for (Arena a : arenas) {
                a.pages().decay(now);
            }
            registry.reapDead();
        }
    }

    private static long positiveOr(Duration d) {
        return d.isNegative() || d.isZero() ? Long.MAX_VALUE : d.toNanos();
    }
}
