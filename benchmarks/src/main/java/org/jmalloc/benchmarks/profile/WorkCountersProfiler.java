package org.jmalloc.benchmarks.profile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jmalloc.allocator.Allocator;
import org.jmalloc.allocator.WorkCounts;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * The jmalloc allocator's own work per benchmark operation, as JMH secondary results with the lab's dotted names:
 * {@code work.malloc_slow}, {@code work.free_slow}, {@code work.cache_fills}, {@code work.cache_flushes},
 * {@code work.lock_acquisitions}, {@code work.mmap}, {@code work.munmap} and {@code work.madvise} (unit {@code 1/op};
 * {@link WorkCounts} defines each count).
 *
 * <p>Why: this host has no hardware counters, so instructions per operation cannot tell a slower fast path from
 * noise. These counts can: they depend on the sequence of calls, not on time, so a change that sends more calls down
 * the slow path, locks more or calls the OS more shows as a different number in every fork. Lock contention is left
 * out on purpose: whether a lock was found held depends on scheduling, so it is noise, not work.
 *
 * <p>How: the jmalloc implementations register their allocator here when they open it ({@link #track}) and leave
 * when they close it ({@link #untrack}); before and after each iteration the profiler sums {@code stats().work()} over
 * the registered allocators and divides the difference by the iteration's measured operations. JMH runs a trial's
 * teardown inside its last iteration, before the profilers' {@code afterIteration}, so {@link #untrack} keeps the
 * counts of an allocator as they stood when its benchmark stopped (before {@code close()} adds its own flushes), and
 * those count in every later sum. Benchmarks of other implementations report nothing, and so does an iteration that
 * began before any allocator was open (a footprint benchmark's single iteration, whose setup runs inside it). The snapshots are taken outside the measured loop, and {@code stats()} takes only
 * its own snapshot locks (which {@link WorkCounts} does not count).
 *
 * <p>Run with {@code -prof org.jmalloc.benchmarks.profile.WorkCountersProfiler} ({@code lab gate} adds it).
 */
public final class WorkCountersProfiler implements InternalProfiler {

    private static final List<Allocator> TRACKED = new CopyOnWriteArrayList<>();
    /** The counts of the allocators no longer tracked, as they stood when they left. */
    private static final long[] RETIRED = new long[8];

    /** The counts' metric names, in {@link WorkCounts}'s component order (lock contention left out). */
    static final List<String> METRICS = List.of("work.malloc_slow", "work.free_slow", "work.cache_fills",
            "work.cache_flushes", "work.lock_acquisitions", "work.mmap", "work.munmap", "work.madvise");

    private long[] before;

    /** Counts {@code allocator}'s work from the next iteration on; called by the implementation that built it. */
    public static void track(Allocator allocator) {
        TRACKED.add(allocator);
    }

    /** Stops counting {@code allocator}'s work; called before it is closed. */
    public static void untrack(Allocator allocator) {
        if (TRACKED.remove(allocator)) {
            long[] last = counts(allocator);
            synchronized (RETIRED) {
                for (int i = 0; i < RETIRED.length; i++) {
                    RETIRED[i] += last[i];
                }
            }
        }
    }

    @Override
    public String getDescription() {
        return "jmalloc's work counts per operation (work.*: slow paths, cache fills and flushes, locks, OS calls)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        before = TRACKED.isEmpty() ? null : sum();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        long ops = result.getMetadata().getMeasuredOps();
        if (before == null || ops <= 0) {
            return List.of();
        }
        long[] after = sum();
        List<Result> figures = new ArrayList<>(METRICS.size());
        for (int i = 0; i < METRICS.size(); i++) {
            figures.add(new ScalarResult(METRICS.get(i), (double) (after[i] - before[i]) / ops, "1/op",
                    AggregationPolicy.AVG));
        }
        return figures;
    }

    /** The tracked allocators' counts, summed, in {@link #METRICS} order. */
    static long[] sum() {
        long[] total;
        synchronized (RETIRED) {
            total = RETIRED.clone();
        }
        for (Allocator allocator : TRACKED) {
            long[] c = counts(allocator);
            for (int i = 0; i < total.length; i++) {
                total[i] += c[i];
            }
        }
        return total;
    }

    private static long[] counts(Allocator allocator) {
        WorkCounts w = allocator.stats().work();
        return new long[] {w.mallocSlow(), w.freeSlow(), w.cacheFills(), w.cacheFlushes(), w.lockAcquisitions(),
            w.mmap(), w.munmap(), w.madvise()};
    }
}
