package org.jmalloc.stress.watchdog;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Decides that a run is stuck: its progress counter has not moved for {@code timeout}. Polled
 * by one thread (the runner's monitor loop), so it needs no locking; the counter it reads must be
 * safe to read from that thread.
 *
 * <p>A stuck run is a deadlock or a livelock in the allocator (or a lost wake-up in the harness):
 * either way the run fails and {@link ThreadDump#all()} shows where every thread is.
 */
public final class ProgressWatchdog {

    private final long timeoutNanos;
    private final LongSupplier progress;
    private long lastValue;
    private long lastChangeNanos;

    /**
     * @param timeout how long the counter may stand still
     * @param progress a counter that grows while the run does work
     * @param nowNanos the {@link System#nanoTime()} the watch starts at
     */
    public ProgressWatchdog(Duration timeout, LongSupplier progress, long nowNanos) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("invalid watchdog timeout " + timeout + ": must be positive");
        }
        this.timeoutNanos = timeout.toNanos();
        this.progress = progress;
        this.lastValue = progress.getAsLong();
        this.lastChangeNanos = nowNanos;
    }

    /** Reads the counter; true when it has not changed for the timeout. */
    public boolean stalled(long nowNanos) {
        long value = progress.getAsLong();
        if (value != lastValue) {
            lastValue = value;
            lastChangeNanos = nowNanos;
            return false;
        }
        return nowNanos - lastChangeNanos >= timeoutNanos;
    }

    /** The counter's value when it last moved. */
    public long lastValue() {
        return lastValue;
    }
}
