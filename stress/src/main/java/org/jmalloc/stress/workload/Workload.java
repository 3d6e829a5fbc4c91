package org.jmalloc.stress.workload;

import org.jmalloc.allocator.AllocatorBuilder;

/**
 * One allocation pattern a stress run reproduces. Implementations are stateless between runs
 * (parameters are final fields), so one instance may run any number of times, one run at a time.
 *
 * <p>Contract of {@link #run}: allocate only through {@link WorkloadContext#heap()} (so every
 * block is checked), stop soon after {@link WorkloadContext#stopping()} turns true, and free every
 * block before returning (the runner then checks {@code stats().allocated == 0}). Randomness comes
 * from {@link WorkloadContext#random(long)}, so the seed decides every choice of sizes and order.
 */
public interface Workload {

    /** The registry name, lowercase with dashes (e.g. {@code cache-thrash}). */
    String name();

    /** One line for help texts and reports. */
    String summary();

    /** The fewest threads the pattern needs (e.g. 2 for producers and consumers). */
    default int minThreads() {
        return 1;
    }

    /** Adjusts the allocator this workload runs against (e.g. a memory limit); default: none. */
    default void configure(AllocatorBuilder builder, int threads) {}

    /** Runs the pattern until {@code ctx.stopping()}, then frees everything it holds. */
    void run(WorkloadContext ctx) throws InterruptedException;
}
