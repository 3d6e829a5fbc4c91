package org.jmalloc.stress.workload;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jmalloc.allocator.Allocator;
import org.jmalloc.stress.check.BlockCookie;
import org.jmalloc.stress.check.CheckedHeap;
import org.jmalloc.stress.check.Violation;
import org.jmalloc.stress.check.ViolationLog;

/**
 * What a {@link Workload} gets for one run: the checked heap, its parameters, the clock, seeded
 * random streams and platform threads that report their failures. Thread-safe.
 *
 * <p>Threads started here are daemon threads (a run the watchdog abandons cannot keep the JVM
 * alive). An exception escaping a worker is a violation ({@link Violation.Kind#UNEXPECTED_EXCEPTION})
 * and stops the whole run: the allocator's state is no longer known.
 */
public final class WorkloadContext {

    /** The body of one worker thread. */
    @FunctionalInterface
    public interface Worker {
        /**
         * @param index the worker's number, from 0
         * @param random the worker's own seeded stream
         */
        void run(int index, SplittableRandom random) throws Exception;
    }

    private static final long PHI = 0x9E3779B97F4A7C15L;

    private final String workload;
    private final CheckedHeap heap;
    private final int threads;
    private final long seed;
    private final long deadlineNanos;
    private final ViolationLog log;
    private final AtomicLong threadsStarted = new AtomicLong();
    private final Map<String, Long> notes = new LinkedHashMap<>();
    private volatile boolean aborted;
    private volatile boolean abandoned;
    private volatile java.util.function.Consumer<Boolean> faultSwitch = on -> { };

    /**
     * @param workload the workload's name (prefix of its thread names)
     * @param heap the checked heap over the allocator under test
     * @param threads how many threads the workload should keep busy
     * @param seed the run's seed
     * @param deadlineNanos {@link System#nanoTime()} after which the workload stops
     */
    public WorkloadContext(String workload, CheckedHeap heap, int threads, long seed, long deadlineNanos) {
        this.workload = workload;
        this.heap = heap;
        this.threads = threads;
        this.seed = seed;
        this.deadlineNanos = deadlineNanos;
        this.log = heap.log();
    }

    /** Lets the runner hand over the switch of its fault-injecting OS layer (on = faults armed). */
    public void faultSwitch(java.util.function.Consumer<Boolean> armFaults) {
        this.faultSwitch = java.util.Objects.requireNonNull(armFaults, "armFaults");
    }

    /**
     * Runs {@code check} with fault injection off, for a verdict that an injected OS fault must not
     * decide (such as "the allocator recovered"); faults are armed again afterwards.
     */
    public void withoutInjectedFaults(Runnable check) {
        faultSwitch.accept(false);
        try {
            check.run();
        } finally {
            faultSwitch.accept(true);
        }
    }

    public CheckedHeap heap() {
        return heap;
    }

    public Allocator allocator() {
        return heap.allocator();
    }

    public int threads() {
        return threads;
    }

    public long seed() {
        return seed;
    }

    public ViolationLog log() {
        return log;
    }

    /** True once the duration is over or the run was aborted: finish the current step and clean up. */
    public boolean stopping() {
        return aborted || System.nanoTime() - deadlineNanos >= 0;
    }

    /** Nanoseconds until the deadline (negative after it). */
    public long remainingNanos() {
        return deadlineNanos - System.nanoTime();
    }

    /** Stops the run early (a worker failed or the watchdog fired). */
    public void abort() {
        aborted = true;
    }

    /** Stops the run and stops waiting for its threads: they are stuck (the watchdog fired). */
    public void abandon() {
        aborted = true;
        abandoned = true;
    }

    public boolean aborted() {
        return aborted;
    }

    /** A random stream for {@code stream}: the same seed and stream give the same numbers. */
    public SplittableRandom random(long stream) {
        return new SplittableRandom(BlockCookie.mix64(seed + PHI * (stream + 1)));
    }

    /** Records a figure worth reporting (e.g. threads started, passive false sharing seen). */
    public void note(String key, long value) {
        synchronized (notes) {
            notes.put(key, value);
        }
    }

    /** Adds to a figure. */
    public void addNote(String key, long delta) {
        synchronized (notes) {
            notes.merge(key, delta, Long::sum);
        }
    }

    /** The figures recorded, in insertion order. */
    public Map<String, Long> notes() {
        synchronized (notes) {
            Map<String, Long> copy = new LinkedHashMap<>(notes);
            copy.put("threads started", threadsStarted.get());
            return copy;
        }
    }

    /**
     * Runs {@code n} workers on their own threads (random streams 0..n-1) and waits for them.
     * Each flushes its thread cache when it ends.
     */
    public void runWorkers(int n, String role, Worker worker) throws InterruptedException {
        Thread[] started = new Thread[n];
        for (int i = 0; i < n; i++) {
            started[i] = start(role + "-" + i, true, i, i, worker);
        }
        for (Thread t : started) {
            join(t);
        }
    }

    /**
     * Starts one worker thread named {@code <workload>-<name>}.
     *
     * @param flushOnExit whether it returns its thread cache when it ends; false leaves the cache
     *     to the allocator's dead-thread handling, which is what thread-churn tests
     * @param stream its random stream
     * @param index passed to the worker
     */
    public Thread start(String name, boolean flushOnExit, long stream, int index, Worker worker) {
        SplittableRandom random = random(stream);
        Thread t = new Thread(() -> {
            try {
                worker.run(index, random);
            } catch (Throwable e) {
                failed(e);
            } finally {
                if (flushOnExit && !abandoned) {
                    try {
                        heap.allocator().flushThreadCache();
                    } catch (Throwable e) {
                        failed(e);
                    }
                }
            }
        }, workload + "-" + name);
        t.setDaemon(true);
        threadsStarted.incrementAndGet();
        t.start();
        return t;
    }

    /** Waits for {@code t}; gives up when the run is abandoned. */
    public void join(Thread t) throws InterruptedException {
        while (!abandoned && !t.join(java.time.Duration.ofMillis(200))) {
            // poll so that an abandoned run stops waiting for a stuck thread
        }
    }

    /** Sleeps up to {@code millis}, waking early when the run stops. */
    public void pause(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (!stopping()) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.min(left, 50));
        }
    }

    /** Reports an exception that escaped a worker and stops the run. */
    public void failed(Throwable e) {
        StringBuilder text = new StringBuilder(e.toString());
        StackTraceElement[] stack = e.getStackTrace();
        for (int i = 0; i < Math.min(stack.length, 12); i++) {
            text.append("\n        at ").append(stack[i]);
        }
        log.report(Violation.Kind.UNEXPECTED_EXCEPTION, text.toString());
        abort();
    }
}
