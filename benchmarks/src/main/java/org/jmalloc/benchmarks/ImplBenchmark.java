package org.jmalloc.benchmarks;

import java.util.concurrent.TimeUnit;
import org.jmalloc.benchmarks.impl.Impl;
import org.jmalloc.benchmarks.impl.MemoryImpl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
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
 * its own scope, opens the implementation with {@link #open(int)} in a trial-level setup and closes it in the matching
 * teardown.
 */
@State(Scope.Thread)
@Fork(value = 2, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public abstract class ImplBenchmark {

    /** The implementation under test; {@code ImplBenchmarkTest} checks this list against {@link Impl}. */
    @Param({"jmalloc", "jmalloc-segment", "glibc", "jemalloc", "mimalloc", "tcmalloc", "netty-pooled", "netty-adaptive"})
    public String impl;

    /** Opens the implementation named by {@link #impl} with {@code slots} empty slots. */
    protected final MemoryImpl open(int slots) {
        return Impl.of(impl).open(slots);
    }
}
