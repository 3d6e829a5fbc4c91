package org.jmalloc.benchmarks.profile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jmalloc.allocator.Allocator;
import org.jmalloc.allocator.WorkCounts;
import org.jmalloc.benchmarks.impl.Impl;
import org.jmalloc.benchmarks.impl.MemoryImpl;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.runner.IterationType;
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
 * the slow path, locks more or calls the OS more shows as a different number. Lock contention is left out on purpose:
 * whether a lock was found held depends on scheduling, so it is noise, not work.
 *
 * <p>Two sources, one per benchmark:
 * <ul>
 *   <li><b>A fixed sequence</b>, for a benchmark that registers a {@link WorkProbe} in its setup ({@link #probe}):
 *       after each measured iteration the profiler opens a fresh allocator of the benchmark's implementation with
 *       time-based decay off ({@link Impl#openForWorkCounts}), runs the probe, and counts the work of its measured
 *       section over the operations that section ran. The same calls in every fork give the same counts in every
 *       fork: exact figures, which the gate compares exactly. The probe runs on the profiler's thread, outside the
 *       timed loop, after the iteration has ended.
 *   <li><b>The timed iteration</b>, for the others: the jmalloc implementations register their allocator here when
 *       they open it ({@link #track}) and leave when they close it ({@link #untrack}); before and after each iteration
 *       the profiler sums {@code stats().work()} over the registered allocators and divides the difference by the
 *       iteration's measured operations. These move between forks with the number of operations an iteration
 *       happened to run (and with when decay ran), and the gate reports them as varying, not exact. JMH runs a
 *       trial's teardown inside its last iteration, before the profilers' {@code afterIteration}, so {@link #untrack}
 *       keeps the counts of an allocator as they stood when its benchmark stopped (before {@code close()} adds its
 *       own flushes), and those count in every later sum. An iteration that began before any allocator was open (a
 *       footprint benchmark's single iteration, whose setup runs inside it) reports nothing.
 * </ul>
 * Benchmarks of other implementations report nothing. The snapshots are taken outside the measured loop, and
 * {@code stats()} takes only its own snapshot locks (which {@link WorkCounts} does not count).
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

    /** The current trial's fixed sequence and implementation, or null (see {@link #probe}). */
    private static volatile Probe probe;

    /** The trial the profiler last saw ({@code BenchmarkParams.id()}); a new one forgets the old trial's probe. */
    private static String trial;

    private record Probe(String impl, int slots, WorkProbe sequence) {
    }

    private long[] before;

    /**
     * Counts the work of {@code sequence} on a fresh {@code impl} with {@code slots} slots after each measured
     * iteration of the current trial, instead of the timed iteration's; called from the benchmark's trial setup. Only
     * jmalloc's implementations keep work counts: for the others this does nothing.
     */
    public static void probe(String impl, int slots, WorkProbe sequence) {
        probe = new Probe(impl, slots, sequence);
    }

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
        // The trial's setup (which registers its probe) runs inside its first iteration, after this call.
        if (!benchmarkParams.id().equals(trial)) {
            trial = benchmarkParams.id();
            probe = null;
        }
        before = TRACKED.isEmpty() ? null : sum();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        Probe p = probe;
        if (p != null) {
            return iterationParams.getType() == IterationType.MEASUREMENT ? fixedSequence(p) : List.of();
        }
        long ops = result.getMetadata().getMeasuredOps();
        if (before == null || ops <= 0) {
            return List.of();
        }
        long[] after = sum();
        return figures(before, after, ops);
    }

    /** The work per operation of {@code p}'s measured section on a fresh allocator; nothing for other impls. */
    static List<Result> fixedSequence(Probe p) {
        MemoryImpl memory = Impl.of(p.impl()).openForWorkCounts(p.slots());
        if (memory == null) {
            return List.of();
        }
        try {
            long[][] start = new long[1][];
            long ops = p.sequence().run(memory, () -> start[0] = counts(memory.workCounts()));
            long[] end = counts(memory.workCounts());
            if (start[0] == null) {
                throw new IllegalStateException(p.sequence() + " never started its measured section");
            }
            return ops > 0 ? figures(start[0], end, ops) : List.of();
        } finally {
            memory.close();
        }
    }

    /**
     * Runs the probe the current trial registered once, as after a measured iteration, and returns its work per
     * operation in {@link #METRICS} order: empty when none is registered or its implementation keeps no counts. For
     * tests and checks outside JMH.
     */
    public static double[] runRegisteredProbe() {
        Probe p = probe;
        return p == null ? new double[0] : fixedSequence(p).stream().mapToDouble(Result::getScore).toArray();
    }

    private static List<Result> figures(long[] before, long[] after, long ops) {
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
        return counts(allocator.stats().work());
    }

    private static long[] counts(WorkCounts w) {
        return new long[] {w.mallocSlow(), w.freeSlow(), w.cacheFills(), w.cacheFlushes(), w.lockAcquisitions(),
            w.mmap(), w.munmap(), w.madvise()};
    }
}
