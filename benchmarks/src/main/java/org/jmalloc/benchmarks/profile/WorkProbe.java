package org.jmalloc.benchmarks.profile;

import org.jmalloc.benchmarks.impl.MemoryImpl;

/**
 * A benchmark's operation as a fixed, seeded sequence of fixed length, for counting jmalloc's work per operation
 * exactly: {@link WorkCountersProfiler} runs it on a freshly opened allocator after each measured iteration and reports
 * the work of {@link #measure} divided by the operations it returns.
 *
 * <p>Why not count the timed iteration: a timed iteration runs as many operations as fit in its time, a different
 * number in every fork, and the heap of a workload such as the steady-state benchmark's evolves with the operations
 * run, so its work per operation moved 1-2 % between forks of one build and no 1 % change could be told from that.
 * Over a fixed sequence on a fresh allocator with time-based decay off
 * ({@link org.jmalloc.benchmarks.impl.Impl#openForWorkCounts}), the counts depend on the calls alone: every fork of
 * one build reports the same numbers, and any change to what the allocator does on that sequence shows.
 *
 * <p>Contract: {@link #run} is a deterministic function of the benchmark's seeded inputs (it must not read the
 * benchmark's mutable state, which the timed run has moved on), and uses only the slots it was registered with
 * ({@link WorkCountersProfiler#probe}).
 */
@FunctionalInterface
public interface WorkProbe {

    /**
     * Runs the whole sequence on a fresh, empty implementation: first what brings it to the state the operation is
     * measured in (the benchmark's setup and a fixed warm-up), then {@code measuring.run()} once, then the measured
     * section.
     *
     * @return the operations of the measured section, in the benchmark's unit of one operation
     */
    long run(MemoryImpl memory, Runnable measuring);
}
