package org.jmalloc.stress.check;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Collects the violations of one run. Thread-safe: every check of every worker reports here.
 * Counts them all, keeps the first {@link #KEPT} in full and hands each kept one to a listener
 * as it happens (the runner prints it at once, so a run that later hangs still shows it).
 */
public final class ViolationLog {

    /** How many violations are kept in full; the rest are only counted. */
    public static final int KEPT = 50;

    private final long seed;
    private final Consumer<Violation> listener;
    private final AtomicLong count = new AtomicLong();
    private final List<Violation> kept = new ArrayList<>();

    /**
     * @param seed the run's seed, stamped on every violation
     * @param listener called with each kept violation on the reporting thread; must be thread-safe
     */
    public ViolationLog(long seed, Consumer<Violation> listener) {
        this.seed = seed;
        this.listener = listener;
    }

    /** Records a violation found by the calling thread. */
    public void report(Violation.Kind kind, String message) {
        Violation v = new Violation(kind, message, Thread.currentThread().getName(), seed);
        long n = count.incrementAndGet();
        if (n <= KEPT) {
            synchronized (kept) {
                kept.add(v);
            }
            listener.accept(v);
        }
    }

    /** Violations reported so far. */
    public long count() {
        return count.get();
    }

    /** The first {@link #KEPT} violations, in the order they were reported. */
    public List<Violation> kept() {
        synchronized (kept) {
            return List.copyOf(kept);
        }
    }

    /** The seed stamped on the violations. */
    public long seed() {
        return seed;
    }
}
