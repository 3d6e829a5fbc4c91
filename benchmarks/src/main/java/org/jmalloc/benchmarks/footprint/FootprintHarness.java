package org.jmalloc.benchmarks.footprint;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.jmalloc.allocator.os.ProcessFootprint;
import org.jmalloc.benchmarks.impl.Impl;
import org.jmalloc.benchmarks.impl.MemoryImpl;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every footprint benchmark shares. A footprint figure is a property of a process (its resident set, its address
 * space), so each measurement is one workload run once in a fresh JVM: single-shot mode, no warmup, one measured
 * iteration per fork; more forks give more measurements. A second iteration in the same JVM would start from the
 * memory the first left behind, so it is refused with a message that says how to run.
 *
 * <p>The figures are deterministic for a given implementation and seed (bytes and ratios, not times) and reach JMH
 * as secondary metrics through {@link FootprintProfiler}; the primary score, the workload's wall time, is only for
 * orientation. Resident and address-space figures come from the kernel ({@link ProcessFootprint}), the same probe for
 * every implementation; {@code stats.*} figures come from an allocator's own counters where it has them.
 *
 * <p>Before its baseline a benchmark runs a rehearsal of its workload (at about 1 % of the size, or more where that
 * is too little to compile the allocator's paths) and purges, then waits for the JIT compiler to go quiet
 * ({@link #awaitCompilerQuiet}): that loads and compiles the code it runs, so that class loading and JIT compilation
 * (whose own memory the JVM takes from the C heap) happen before the baseline rather than inside the measured growth.
 * {@code footprint.jit_ms} reports the compilation time that was left inside the workload anyway.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g",
    "-XX:MaxDirectMemorySize=8g"})
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public abstract class FootprintHarness {

    static final long KIB = 1024;
    static final long MIB = 1024 * KIB;
    /** Bytes between two writes when a block is touched: the smallest page size. */
    static final long TOUCH_STRIDE = 4096;

    /** The JMH options every footprint run needs, and the reason they are needed (for the error message). */
    static final String HOW_TO_RUN = "footprint benchmarks measure one fresh process per fork: run them with"
            + " -wi 0 -i 1 -prof " + FootprintProfiler.class.getName() + " (lab bench does)";

    /**
     * Divides every workload's size (and waiting time), from the system property {@code jmalloc.footprint.divisor}
     * (default 1): the build's smoke run uses 100 to check that every benchmark runs and reports its figures in a few
     * seconds. Figures measured at another scale than 1 are not the benchmark's figures.
     */
    static final int DIVISOR = divisor(System.getProperty("jmalloc.footprint.divisor", "1"));

    /** Iterations run in this JVM so far. */
    private static int iterations;

    /**
     * The implementation under test: every allocator the suite has, except jmalloc's other two API variants
     * ({@code jmalloc-unmarked}, {@code jmalloc-segment}), whose memory comes from the same allocator as
     * {@code jmalloc}'s.
     */
    @Param({"jmalloc", "glibc", "jemalloc", "mimalloc", "tcmalloc", "netty-pooled", "netty-adaptive"})
    public String impl;

    private MemoryImpl opened;

    /** Refuses a second iteration in the same JVM (see the class comment). */
    @Setup(Level.Iteration)
    public void oneIterationPerProcess() {
        if (++iterations > 1) {
            throw new IllegalStateException("a second iteration in one JVM would measure what the first left behind; "
                    + HOW_TO_RUN);
        }
    }

    /** Opens the implementation with {@code slots} empty slots; closed at the end of the trial. */
    protected final MemoryImpl open(int slots) {
        opened = Impl.of(impl).open(slots);
        return opened;
    }

    /** Opens the implementation with its background purging on where it has any ({@link Impl#openWithBackgroundPurge}). */
    protected final Impl.Opened openWithBackgroundPurge(int slots) {
        Impl.Opened o = Impl.of(impl).openWithBackgroundPurge(slots);
        opened = o.memory();
        return o;
    }

    @TearDown(Level.Trial)
    public void closeImplementation() {
        if (opened != null) {
            opened.close();
            opened = null;
        }
    }

    /**
     * Hands a figure to {@link FootprintProfiler}.
     *
     * @throws IllegalStateException when the profiler is not attached (the figure would be lost)
     */
    protected static void report(String metric, double value, String unit) {
        if (!FootprintProfiler.attached()) {
            throw new IllegalStateException("no " + FootprintProfiler.class.getSimpleName() + " attached: "
                    + HOW_TO_RUN);
        }
        FootprintProfiler.record(metric, value, unit);
    }

    /**
     * The kernel's view of this process now. The first call of a process is the workload's baseline: the JIT
     * compiler's time is noted with it and with every later call ({@link #compileMillisSinceBaseline}).
     */
    protected static ProcessFootprint probe() {
        noteCompilation();
        return ProcessFootprint.read();
    }

    /** The process's address space now ({@link ProcessFootprint#addressSpaceNow}), noted as a {@link #probe} is. */
    protected static long addressSpaceNow() {
        noteCompilation();
        return ProcessFootprint.addressSpaceNow();
    }

    /** Notes the JIT compiler's time at a probe: the baseline's at the first, the latest's at every one. */
    private static void noteCompilation() {
        long jit = compileMillis();
        if (compileMillisAtBaseline < 0) {
            compileMillisAtBaseline = jit;
        }
        compileMillisAtLastProbe = jit;
    }

    /** The JIT compiler's total time at the workload's baseline (the first {@link #probe}), -1 before it. */
    private static volatile long compileMillisAtBaseline = -1;
    /** The JIT compiler's total time at the latest {@link #probe}, -1 before the first. */
    private static volatile long compileMillisAtLastProbe = -1;

    /** Longest wait for the compiler to go quiet, and how long it must stay quiet ({@link #awaitCompilerQuiet}). */
    static final long SETTLE_LIMIT_MILLIS = 10_000;
    static final long QUIET_MILLIS = 300;

    /**
     * The JIT compiler's time in this process between the workload's baseline and its last figure (the first and
     * the latest {@link #probe}), in milliseconds; NaN before the baseline or where the JVM does not measure it.
     * Reported as {@code footprint.jit_ms}: a compilation inside the measured workload takes memory of its own (C2's
     * arenas reach tens of MiB, and the C library keeps much of it after the compilation ends), which the resident
     * figures count as the allocator's. An allocator written in
     * Java, jmalloc, is compiled where a native one is not, so a rehearsal that leaves compilations for the
     * workload would charge jmalloc for its compiler; this figure shows whether it did.
     */
    static double compileMillisSinceBaseline() {
        long base = compileMillisAtBaseline;
        long last = compileMillisAtLastProbe;
        return base < 0 || last < 0 ? Double.NaN : last - base;
    }

    /** The JIT compiler's total time so far in milliseconds, or -1 where the JVM does not measure it. */
    private static long compileMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /**
     * Waits until the JIT compiler has done nothing for {@value #QUIET_MILLIS} ms (at most
     * {@value #SETTLE_LIMIT_MILLIS} ms): for the end of a rehearsal, so that the compilations it queued finish, and
     * take their memory, before the baseline rather than inside the measured workload.
     */
    protected static void awaitCompilerQuiet() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_LIMIT_MILLIS);
        long last = compileMillis();
        long quietSince = System.nanoTime();
        while (last >= 0 && System.nanoTime() < deadline
                && System.nanoTime() - quietSince < TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = compileMillis();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
    }

    /** Writes one byte in every page of the block in {@code slot}, and its last byte, so that all of it is resident. */
    protected static void touch(MemoryImpl memory, int slot, long size) {
        for (long offset = 0; offset < size; offset += TOUCH_STRIDE) {
            memory.write(slot, offset, (byte) 1);
        }
        memory.write(slot, size - 1, (byte) 1);
    }

    static int divisor(String value) {
        try {
            int d = Integer.parseInt(value);
            if (d >= 1) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("jmalloc.footprint.divisor must be a whole number of at least 1, not '"
                + value + "'");
    }

    /** {@code n} divided by {@link #DIVISOR}, at least 1. */
    static int scaled(int n) {
        return Math.max(1, n / DIVISOR);
    }

    /** {@code part / whole}, or NaN when {@code whole} is not positive. */
    protected static double ratio(double part, double whole) {
        return whole > 0 ? part / whole : Double.NaN;
    }
}
