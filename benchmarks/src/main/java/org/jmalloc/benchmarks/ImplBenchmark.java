package org.jmalloc.benchmarks;

import java.util.concurrent.TimeUnit;
import org.jmalloc.benchmarks.impl.Impl;
import org.jmalloc.benchmarks.impl.MemoryImpl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every benchmark shares: the {@code impl} parameter, so all implementations run in one JMH run under the same
 * settings, and the fork, warmup and measurement defaults (the {@code lab bench} command overrides the counts).
 *
 * <p>Every fork gets {@code --enable-native-access=ALL-UNNAMED} (jmalloc maps memory and the native anchors are called
 * through FFM) and a fixed 1 GiB heap, so heap sizing does not differ between forks. An implementation whose library
 * is missing fails in its {@code @Setup} with a message that says how to install it; JMH reports that parameter as
 * failed and runs the others.
 *
 * <p>JMH accepts {@code @Param} only in a {@code @State} class, hence the {@code @State} here; every subclass declares
 * its own scope and opens the implementation with {@link #open(int)} in a trial-level setup; the trial-level teardown
 * here closes it.
 */
@State(Scope.Thread)
@Fork(value = 2, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public abstract class ImplBenchmark {

    /** The implementation under test; {@code ImplBenchmarkTest} checks this list against {@link Impl}. */
    @Param({"jmalloc", "jmalloc-unmarked", "jmalloc-prof", "jmalloc-segment", "glibc", "jemalloc", "mimalloc", "tcmalloc", "netty-pooled", "netty-adaptive"})
    public String impl;

    /** What {@link #open(int)} opened, closed by {@link #closeImplementation()}. */
    private MemoryImpl opened;

    /** malloc/free pairs {@link #open(int)} runs before handing the implementation over. */
    static final int PRIMING_PAIRS = 20_000;
    /** Largest block size used for priming: the largest single-block latency size. */
    static final int PRIMING_MAX_SIZE = 32 * 1024;

    /**
     * Opens the implementation named by {@link #impl} with {@code slots} empty slots, and primes it: {@value
     * #PRIMING_PAIRS} malloc/free pairs in slot 0 over sizes from 16 B to 32 KiB, so that class loading, pool and
     * arena creation and the first JIT compilations of its paths happen in setup rather than in JMH's warmup. Without
     * it the short warmup of {@code lab bench --quick} measures Netty's first allocation (hundreds of milliseconds)
     * instead of its steady state. Every implementation is primed the same way.
     */
    protected final MemoryImpl open(int slots) {
        MemoryImpl memory = Impl.of(impl).open(slots);
        opened = memory;
        prime(memory);
        return memory;
    }

    /** The priming {@link #open(int)} runs, in slot 0 (also the start of every {@code WorkProbe}'s preparation). */
    public static void prime(MemoryImpl memory) {
        for (int i = 0; i < PRIMING_PAIRS; i++) {
            long size = 16L << (i % 12);
            if (size > PRIMING_MAX_SIZE) {
                size = 16 + (i % PRIMING_MAX_SIZE);
            }
            memory.allocate(0, size);
            memory.write(0, size - 1, (byte) i);
            memory.free(0, size);
        }
    }

    /** Closes the implementation {@link #open(int)} opened, at the end of the trial. */
    @TearDown(Level.Trial)
    public void closeImplementation() {
        if (opened != null) {
            opened.close();
            opened = null;
        }
    }
}
