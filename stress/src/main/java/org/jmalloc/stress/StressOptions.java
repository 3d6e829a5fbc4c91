package org.jmalloc.stress;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.jmalloc.allocator.AllocatorBuilder;
import org.jmalloc.allocator.TestFault;
import org.jmalloc.stress.fault.FaultPlan;

/**
 * How a stress run runs: which workloads, how many threads, for how long, with which seed and
 * which injected faults. Immutable; build with {@link #builder()}. Every setter checks its value
 * and says what is accepted.
 */
public final class StressOptions {

    /** The command that runs the lab from the repository root (used in replay commands). */
    public static final String LAUNCHER = "./lab";

    private final String workloads;
    private final int threads;
    private final Duration duration;
    private final long seed;
    private final double faultRate;
    private final double purgeFaultRate;
    private final long failMapCall;
    private final Duration watchdogTimeout;
    private final int shadowSampleShift;
    private final TestFault testFault;
    private final Consumer<AllocatorBuilder> tuning;
    private final PrintWriter out;
    private final boolean live;

    private StressOptions(Builder b) {
        this.workloads = b.workloads;
        this.threads = b.threads;
        this.duration = b.duration;
        this.seed = b.seed;
        this.faultRate = b.faultRate;
        this.purgeFaultRate = b.purgeFaultRate;
        this.failMapCall = b.failMapCall;
        this.watchdogTimeout = b.watchdogTimeout;
        this.shadowSampleShift = b.shadowSampleShift;
        this.testFault = b.testFault;
        this.tuning = b.tuning;
        this.out = b.out;
        this.live = b.live;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code all}, one workload name, or a comma-separated list. */
    public String workloads() {
        return workloads;
    }

    /** Threads per workload (a workload that needs more, e.g. producers and consumers, takes its minimum). */
    public int threads() {
        return threads;
    }

    public Duration duration() {
        return duration;
    }

    public long seed() {
        return seed;
    }

    /** Fraction of {@code map} calls that fail. */
    public double faultRate() {
        return faultRate;
    }

    /** Fraction of purge ({@code madvise}) calls that fail. */
    public double purgeFaultRate() {
        return purgeFaultRate;
    }

    /** The one {@code map} call (1-based) that fails, 0 for none. */
    public long failMapCall() {
        return failMapCall;
    }

    public Duration watchdogTimeout() {
        return watchdogTimeout;
    }

    /** The shadow map samples one block address in {@code 2^shift}. */
    public int shadowSampleShift() {
        return shadowSampleShift;
    }

    /** TEST ONLY: a deliberate allocator bug, to prove the checks catch it. */
    public TestFault testFault() {
        return testFault;
    }

    /** Extra allocator settings applied before each workload's own (e.g. {@code dirtyDecay}). */
    public Consumer<AllocatorBuilder> tuning() {
        return tuning;
    }

    /** Where progress, violations and the table go. */
    public PrintWriter out() {
        return out;
    }

    /** Whether to redraw a live progress line (only on a terminal). */
    public boolean live() {
        return live;
    }

    /** The fault plan for a run with these options. */
    public FaultPlan faultPlan() {
        return new FaultPlan(faultRate, failMapCall, purgeFaultRate, seed);
    }

    /** The command line that replays {@code workload} with these options. */
    public String replayCommand(String workload, int workloadThreads) {
        StringBuilder cmd = new StringBuilder(LAUNCHER).append(" stress --workload ").append(workload)
                .append(" --threads ").append(workloadThreads)
                .append(" --duration ").append(DurationText.format(duration))
                .append(" --seed ").append(seed);
        if (faultRate > 0) {
            cmd.append(" --fault-rate ").append(fraction(faultRate));
        }
        if (purgeFaultRate > 0) {
            cmd.append(" --purge-fault-rate ").append(fraction(purgeFaultRate));
        }
        if (failMapCall > 0) {
            cmd.append(" --fail-map-call ").append(failMapCall);
        }
        return cmd.toString();
    }

    private static String fraction(double d) {
        String s = String.format(Locale.ROOT, "%.6f", d);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }

    /** Builds {@link StressOptions}; defaults: all workloads, one thread per CPU (at least two), 30 s, a random seed. */
    public static final class Builder {
        private String workloads = "all";
        private int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private Duration duration = Duration.ofSeconds(30);
        private long seed = ThreadLocalRandom.current().nextLong() >>> 1;
        private double faultRate;
        private double purgeFaultRate;
        private long failMapCall;
        private Duration watchdogTimeout = Duration.ofSeconds(30);
        private int shadowSampleShift = 4;
        private TestFault testFault = TestFault.NONE;
        private Consumer<AllocatorBuilder> tuning = b -> {};
        private PrintWriter out = new PrintWriter(System.out, true);
        private boolean live;

        private Builder() {}

        public Builder workloads(String selection) {
            this.workloads = Objects.requireNonNull(selection, "workloads");
            return this;
        }

        public Builder threads(int n) {
            if (n < 1 || n > 4096) {
                throw new IllegalArgumentException("invalid thread count " + n + ": must be between 1 and 4096");
            }
            this.threads = n;
            return this;
        }

        public Builder duration(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("invalid duration " + d + ": must be more than zero");
            }
            this.duration = d;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public Builder faultRate(double rate) {
            new FaultPlan(rate, 0, 0, 0); // validates
            this.faultRate = rate;
            return this;
        }

        public Builder purgeFaultRate(double rate) {
            new FaultPlan(0, 0, rate, 0);
            this.purgeFaultRate = rate;
            return this;
        }

        public Builder failMapCall(long call) {
            new FaultPlan(0, call, 0, 0);
            this.failMapCall = call;
            return this;
        }

        public Builder watchdogTimeout(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("invalid watchdog timeout " + d + ": must be more than zero");
            }
            this.watchdogTimeout = d;
            return this;
        }

        public Builder shadowSampleShift(int shift) {
            if (shift < 0 || shift > 30) {
                throw new IllegalArgumentException("invalid shadow sample shift " + shift
                        + ": must be between 0 (every block) and 30");
            }
            this.shadowSampleShift = shift;
            return this;
        }

        public Builder testFault(TestFault fault) {
            this.testFault = Objects.requireNonNull(fault, "testFault");
            return this;
        }

        public Builder tuning(Consumer<AllocatorBuilder> t) {
            this.tuning = Objects.requireNonNull(t, "tuning");
            return this;
        }

        public Builder out(PrintWriter w) {
            this.out = Objects.requireNonNull(w, "out");
            return this;
        }

        public Builder live(boolean on) {
            this.live = on;
            return this;
        }

        public StressOptions build() {
            return new StressOptions(this);
        }
    }
}
