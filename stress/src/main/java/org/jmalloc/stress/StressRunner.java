package org.jmalloc.stress;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jmalloc.allocator.Allocator;
import org.jmalloc.allocator.AllocatorBuilder;
import org.jmalloc.allocator.TestFault;
import org.jmalloc.allocator.Stats;
import org.jmalloc.allocator.os.OsMemory;
import org.jmalloc.lab.core.text.Bytes;
import org.jmalloc.stress.check.CheckedHeap;
import org.jmalloc.stress.check.Violation;
import org.jmalloc.stress.check.ViolationLog;
import org.jmalloc.stress.fault.FaultInjectingOsMemory;
import org.jmalloc.stress.report.Rss;
import org.jmalloc.stress.report.Units;
import org.jmalloc.stress.watchdog.ProgressWatchdog;
import org.jmalloc.stress.watchdog.ThreadDump;
import org.jmalloc.stress.workload.Workload;
import org.jmalloc.stress.workload.WorkloadContext;
import org.jmalloc.stress.workload.Workloads;

/**
 * Runs stress workloads one after the other, each against a fresh allocator, and reports what
 * they found. Not a benchmark: every block is checked, so the figures measure the checks as much
 * as the allocator. One run at a time per instance.
 *
 * <h2>One workload's run</h2>
 * <pre>
 *   build allocator (OS layer wrapped by FaultInjectingOsMemory, workload's settings)
 *   driver thread:  workload.run(ctx)  |  stats checker: invariants every second
 *                   then, unless stalled: all blocks freed? flushThreadCache(); purge();
 *                   stats().allocated == 0; no dirty pages left; close(); nothing left mapped
 *   this thread:    every 100 ms: RSS and live-byte peaks, progress line, watchdog
 * </pre>
 * The watchdog fails the run when neither the workload's operations nor the final phase's steps
 * move for {@link StressOptions#watchdogTimeout()}, or a {@code stats()} call hangs that long: it
 * prints a full thread dump, abandons the run's threads (they are daemon threads) and does not
 * close the allocator, since threads may still be inside it.
 */
public final class StressRunner {

    private static final long TICK_MILLIS = 100;
    private static final long PROGRESS_MILLIS = 500;
    /** How long to wait for a stalled run's driver before giving up on it. */
    private static final long ABANDON_MILLIS = 5_000;

    private final StressOptions options;
    private final PrintWriter out;

    public StressRunner(StressOptions options) {
        this.options = options;
        this.out = options.out();
    }

    /**
     * Runs the workloads the options select, prints the summary table and, for each failed
     * workload, the command that replays it.
     *
     * @throws IllegalArgumentException when the selection names an unknown workload
     */
    public StressResult run() {
        List<Workload> selected = Workloads.select(options.workloads());
        say(String.format(Locale.ROOT, "stress: %d workload%s, %d threads, %s each, seed %d%s%n",
                selected.size(), selected.size() == 1 ? "" : "s", options.threads(),
                DurationText.format(options.duration()), options.seed(), faultText()));
        List<WorkloadResult> results = new ArrayList<>();
        for (Workload w : selected) {
            results.add(run(w));
        }
        StressResult result = new StressResult(results);
        StringBuilder end = new StringBuilder("\n").append(result.table());
        if (!result.passed()) {
            end.append(String.format(Locale.ROOT, "%nFAILED: %d violation%s. Replay with:%n", result.violations(),
                    result.violations() == 1 ? "" : "s"));
            for (WorkloadResult w : results) {
                if (!w.passed()) {
                    end.append("  ").append(w.replayCommand()).append('\n');
                }
            }
        } else {
            end.append("\nPASSED: no violations.\n");
        }
        say(end.toString());
        return result;
    }

    /** Runs one workload with these options and prints its line (not the table). */
    public WorkloadResult run(Workload workload) {
        int threads = Math.max(options.threads(), workload.minThreads());
        String name = workload.name();
        ViolationLog log = new ViolationLog(options.seed(), v -> sayViolation(name, v));
        FaultInjectingOsMemory os = new FaultInjectingOsMemory(OsMemory.system(), options.faultPlan(), log);
        os.arm(false);
        AllocatorBuilder builder = Allocator.builder().osMemory(os);
        if (options.testFault() != TestFault.NONE) {
            builder.testFault(options.testFault());
        }
        options.tuning().accept(builder);
        workload.configure(builder, threads);
        Allocator allocator = builder.build();
        os.enforceLimit(allocator.config().maxBytes());
        os.arm(true);
        long pageSize = os.pageSize();
        CheckedHeap heap = new CheckedHeap(allocator, options.seed(), options.shadowSampleShift(), log);

        long start = System.nanoTime();
        WorkloadContext ctx = new WorkloadContext(name, heap, threads, options.seed(),
                start + options.duration().toNanos());
        ctx.faultSwitch(os::arm);
        StatsChecker checker = new StatsChecker(name, allocator, os, log, 1_000);
        AtomicLong heartbeat = new AtomicLong();
        long[] workloadNanos = {0};
        Driver driver = new Driver(workload, ctx, checker, heartbeat, allocator, os, log, workloadNanos, start);
        Thread driverThread = new Thread(driver, name + "-driver");
        driverThread.setDaemon(true);

        boolean peakResettable = Rss.resetPeak();
        long peakRss = Rss.current(pageSize);
        long peakLive = 0;
        ProgressWatchdog watchdog = new ProgressWatchdog(options.watchdogTimeout(),
                () -> heap.ops() + heartbeat.get(), start);
        String dump = null;
        long stalledAt = 0;
        long lastProgress = start;
        long lastOps = 0;
        driverThread.start();
        try {
            while (driverThread.isAlive()) {
                driverThread.join(TICK_MILLIS);
                long now = System.nanoTime();
                peakRss = Math.max(peakRss, Rss.current(pageSize));
                peakLive = Math.max(peakLive, heap.liveBytes());
                if (options.live() && now - lastProgress >= PROGRESS_MILLIS * 1_000_000) {
                    long ops = heap.ops();
                    progress(name, now - start, (ops - lastOps) * 1e9 / (now - lastProgress), heap, pageSize, log);
                    lastOps = ops;
                    lastProgress = now;
                }
                if (dump == null) {
                    long pending = checker.pendingSince();
                    boolean statsHung = pending != 0 && now - pending >= options.watchdogTimeout().toNanos();
                    if (watchdog.stalled(now) || statsHung) {
                        dump = ThreadDump.all();
                        driver.stalled = true;
                        ctx.abandon();
                        stalledAt = now;
                        log.report(Violation.Kind.DEADLOCK, String.format(Locale.ROOT,
                                "no progress for %s (%s; %d ops so far); thread dump:%n%s",
                                DurationText.format(options.watchdogTimeout()),
                                statsHung ? "a stats() call has not returned" : "the operation count stood still",
                                heap.ops(), dump));
                    }
                } else if (now - stalledAt > ABANDON_MILLIS * 1_000_000) {
                    break; // the driver is stuck too: leave it (a daemon thread) and report
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.abandon();
        }
        if (options.live()) {
            say("\r" + " ".repeat(110) + "\r");
        }
        if (peakResettable) {
            peakRss = Math.max(peakRss, Rss.peak());
        }
        Map<String, Long> notes = ctx.notes();
        notes.put("os map calls", os.mapCalls());
        if (os.spanningCalls() > 0) {
            notes.put("os calls spanning mappings", os.spanningCalls());
        }
        WorkloadResult result = new WorkloadResult(name, threads, options.seed(),
                workloadNanos[0] == 0 ? System.nanoTime() - start : workloadNanos[0], heap.ops(),
                peakRss, peakLive, heap.ooms(), os.mapFaults(), os.purgeFaults(), log.count(), log.kept(), notes,
                options.replayCommand(name, threads), dump);
        say(line(result) + '\n');
        return result;
    }

    /** The workload's own phase, then the final checks: runs on its own thread so a hang can be abandoned. */
    private final class Driver implements Runnable {
        private final Workload workload;
        private final WorkloadContext ctx;
        private final StatsChecker checker;
        private final AtomicLong heartbeat;
        private final Allocator allocator;
        private final FaultInjectingOsMemory os;
        private final ViolationLog log;
        private final long[] workloadNanos;
        private final long start;
        volatile boolean stalled;

        Driver(Workload workload, WorkloadContext ctx, StatsChecker checker, AtomicLong heartbeat,
               Allocator allocator, FaultInjectingOsMemory os, ViolationLog log, long[] workloadNanos, long start) {
            this.workload = workload;
            this.ctx = ctx;
            this.checker = checker;
            this.heartbeat = heartbeat;
            this.allocator = allocator;
            this.os = os;
            this.log = log;
            this.workloadNanos = workloadNanos;
            this.start = start;
        }

        @Override
        public void run() {
            try {
                checker.start();
                workload.run(ctx);
            } catch (Throwable e) {
                ctx.failed(e);
            } finally {
                workloadNanos[0] = System.nanoTime() - start;
                try {
                    checker.stop(options.watchdogTimeout().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (stalled) {
                return;
            }
            try {
                finish();
            } catch (Throwable e) {
                ctx.failed(e);
            }
        }

        /** Everything freed: nothing may be left allocated, dirty or mapped. */
        private void finish() {
            CheckedHeap heap = ctx.heap();
            heartbeat.incrementAndGet();
            if (heap.liveBlocks() != 0) {
                if (log.count() == 0) {
                    log.report(Violation.Kind.LEAK, String.format(Locale.ROOT,
                            "the workload ended holding %d blocks (%d bytes): it must free everything",
                            heap.liveBlocks(), heap.liveBytes()));
                }
            } else {
                os.arm(false); // the final checks must not fail on an injected fault
                allocator.flushThreadCache();
                heartbeat.incrementAndGet();
                allocator.purge();
                heartbeat.incrementAndGet();
                StatsChecker.checkNow(allocator, os, log, "after the final purge()");
                Stats s = allocator.stats();
                heartbeat.incrementAndGet();
                if (s.allocated() != 0) {
                    log.report(Violation.Kind.LEAK, String.format(Locale.ROOT,
                            "stats().allocated is %d bytes after every block was freed and purge() ran"
                                    + " (active %d, small %d, large %d)", s.allocated(), s.active(),
                            s.arenas().stream().mapToLong(Stats.ArenaStats::smallAllocated).sum(),
                            s.arenas().stream().mapToLong(Stats.ArenaStats::largeAllocated).sum()));
                }
                long dirty = s.arenas().stream().mapToLong(Stats.ArenaStats::dirty).sum();
                if (dirty != 0 && options.purgeFaultRate() == 0) {
                    log.report(Violation.Kind.STATS_INVARIANT, String.format(Locale.ROOT,
                            "purge() left %d dirty bytes: it must return every unused page to the OS", dirty));
                }
            }
            allocator.close();
            heartbeat.incrementAndGet();
            if (os.mappedBytes() != 0) {
                log.report(Violation.Kind.LEAK, String.format(Locale.ROOT,
                        "close() left %d bytes mapped from the OS", os.mappedBytes()));
            }
        }
    }

    private String faultText() {
        StringBuilder t = new StringBuilder();
        if (options.faultRate() > 0) {
            t.append(String.format(Locale.ROOT, ", map fault rate %s", options.faultRate()));
        }
        if (options.purgeFaultRate() > 0) {
            t.append(String.format(Locale.ROOT, ", purge fault rate %s", options.purgeFaultRate()));
        }
        if (options.failMapCall() > 0) {
            t.append(", map call #").append(options.failMapCall()).append(" fails");
        }
        if (options.testFault() != TestFault.NONE) {
            t.append(", test fault ").append(options.testFault());
        }
        return t.toString();
    }

    private void progress(String name, long elapsed, double opsPerSecond, CheckedHeap heap, long pageSize,
                          ViolationLog log) {
        long rss = Rss.current(pageSize);
        String text = String.format(Locale.ROOT, "\r%-14s %5.1f/%s  %12s ops/s  live %10s  RSS %10s  OOMs %s  violations %s",
                name, elapsed / 1e9, DurationText.format(options.duration()), Units.rate(opsPerSecond),
                Bytes.human(heap.liveBytes()), rss < 0 ? "?" : Bytes.human(rss), Units.count(heap.ooms()),
                Units.count(log.count()));
        say(text);
    }

    private static String line(WorkloadResult r) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "%-14s %-4s %12s ops in %s (%s ops/s), peak RSS %s, OOMs %s, faults %s, violations %s",
                r.workload(), r.passed() ? "ok" : "FAIL", Units.count(r.ops()), Units.seconds(r.nanos()),
                Units.rate(r.opsPerSecond()), r.peakRssBytes() < 0 ? "?" : Bytes.human(r.peakRssBytes()),
                Units.count(r.ooms()), Units.count(r.mapFaults() + r.purgeFaults()), Units.count(r.violationCount())));
        if (!r.notes().isEmpty()) {
            b.append("\n               ");
            r.notes().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(
                    e -> b.append(' ').append(e.getKey()).append(' ').append(Units.count(e.getValue())).append(';'));
            b.setLength(b.length() - 1);
        }
        return b.toString();
    }

    private void sayViolation(String workload, Violation v) {
        say((options.live() ? "\n" : "") + "VIOLATION in " + workload + ": " + v + '\n');
    }

    private void say(String text) {
        synchronized (out) {
            out.print(text);
            out.flush();
        }
    }
}
