package org.jmalloc.stress;

import org.jmalloc.allocator.Allocator;
import org.jmalloc.allocator.Stats;
import org.jmalloc.stress.check.StatsInvariants;
import org.jmalloc.stress.check.Violation;
import org.jmalloc.stress.check.ViolationLog;
import org.jmalloc.stress.fault.FaultInjectingOsMemory;

/**
 * A daemon thread that checks {@link StatsInvariants} on a fresh {@code stats()} snapshot every
 * {@code periodMillis} while a workload runs. {@link #pendingSince()} lets the watchdog notice a
 * {@code stats()} call that never returns (it takes every arena lock, so a lock-order bug hangs it).
 */
final class StatsChecker {

    private final Allocator allocator;
    private final FaultInjectingOsMemory os;
    private final ViolationLog log;
    private final long periodMillis;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long pendingSince;
    private volatile long checks;

    StatsChecker(String workload, Allocator allocator, FaultInjectingOsMemory os, ViolationLog log, long periodMillis) {
        this.allocator = allocator;
        this.os = os;
        this.log = log;
        this.periodMillis = periodMillis;
        this.thread = new Thread(this::loop, workload + "-stats-check");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Stops the checks and waits up to {@code millis} for the thread to end. */
    void stop(long millis) throws InterruptedException {
        running = false;
        thread.join(millis);
    }

    /** The {@link System#nanoTime()} at which the {@code stats()} call in progress began, 0 when none. */
    long pendingSince() {
        return pendingSince;
    }

    long checks() {
        return checks;
    }

    private void loop() {
        try {
            while (running) {
                long wake = System.nanoTime() + periodMillis * 1_000_000;
                while (running && System.nanoTime() < wake) {
                    Thread.sleep(20);
                }
                if (running) {
                    checkOnce(allocator, os, log, ++checks);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            log.report(Violation.Kind.UNEXPECTED_EXCEPTION, "stats() threw " + e);
        }
    }

    private void checkOnce(Allocator allocator, FaultInjectingOsMemory os, ViolationLog log, long n) {
        pendingSince = System.nanoTime();
        os.openWindow();
        Stats s = allocator.stats();
        long bound = os.windowPeakBytes();
        pendingSince = 0;
        for (String broken : StatsInvariants.check(s, bound)) {
            log.report(Violation.Kind.STATS_INVARIANT, broken + " (periodic check #" + n + ")");
        }
    }

    /** One check from the calling thread (the runner's final check). */
    static void checkNow(Allocator allocator, FaultInjectingOsMemory os, ViolationLog log, String when) {
        os.openWindow();
        Stats s = allocator.stats();
        long bound = os.windowPeakBytes();
        for (String broken : StatsInvariants.check(s, bound)) {
            log.report(Violation.Kind.STATS_INVARIANT, broken + " (" + when + ")");
        }
    }
}
