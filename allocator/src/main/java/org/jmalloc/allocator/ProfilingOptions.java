package org.jmalloc.allocator;

import java.util.Objects;
import java.util.function.Consumer;
import org.jmalloc.allocator.prof.SampleMath;

/**
 * Heap-profiling settings ({@link AllocatorBuilder#profiling(ProfilingOptions)}), after jemalloc's
 * {@code opt.prof*}: a sample every {@code 2^lgSample} bytes on average, whether sampling starts
 * active ({@code prof.active} turns it on and off later), the seed of the sample intervals, and
 * where the leak report goes on {@code close()} when sampled allocations are still live.
 *
 * @param active whether sampling is on from the start ({@code opt.prof_active}; default true)
 * @param lgSample {@code opt.lg_prof_sample}, 0 (every allocation) to 40; default 19 (512 KiB)
 * @param seed seeds every thread's interval stream (a fixed seed repeats a single thread's samples)
 * @param leakReport receives the leak report on {@code close()} when sampled blocks are still
 *     live (default: standard error, as jemalloc's {@code opt.prof_leak}); null for none
 */
public record ProfilingOptions(boolean active, int lgSample, long seed, Consumer<String> leakReport) {

    public ProfilingOptions {
        if (lgSample < 0 || lgSample > SampleMath.MAX_LG_SAMPLE) {
            throw new IllegalArgumentException("invalid lg_prof_sample " + lgSample + ": must be between 0 and "
                    + SampleMath.MAX_LG_SAMPLE + " (a sample every 2^n bytes on average)");
        }
    }

    /** Active, a sample every 512 KiB, a random seed, leak report to standard error. */
    public static ProfilingOptions defaults() {
        return new ProfilingOptions(true, SampleMath.DEFAULT_LG_SAMPLE, new java.security.SecureRandom().nextLong(),
                System.err::print);
    }

    public ProfilingOptions withActive(boolean on) {
        return new ProfilingOptions(on, lgSample, seed, leakReport);
    }

    public ProfilingOptions withLgSample(int lg) {
        return new ProfilingOptions(active, lg, seed, leakReport);
    }

    public ProfilingOptions withSeed(long s) {
        return new ProfilingOptions(active, lgSample, s, leakReport);
    }

    /** Where the leak report goes on close ({@code null}: nowhere). */
    public ProfilingOptions withLeakReport(Consumer<String> sink) {
        return new ProfilingOptions(active, lgSample, seed, sink);
    }

    @Override
    public String toString() {
        return "ProfilingOptions[active=" + active + ", lgSample=" + lgSample + ", leakReport="
                + (Objects.isNull(leakReport) ? "none" : "set") + "]";
    }
}
