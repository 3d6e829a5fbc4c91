package org.jmalloc.benchmarks.impl;

import org.jmalloc.allocator.Allocator;
import org.jmalloc.allocator.AllocatorBuilder;
import org.jmalloc.allocator.Stats;
import org.jmalloc.allocator.WorkCounts;
import org.jmalloc.benchmarks.profile.WorkCountersProfiler;
import org.jmalloc.benchmarks.workload.Defragment;

/**
 * jmalloc's raw API: {@code malloc(size)}, sized {@code free(address, size)} and {@code realloc}, on an allocator built
 * with the default configuration (or without free marks, for {@code jmalloc-unmarked}) for this implementation alone
 * and closed by {@link #close()}.
 *
 * <p>This is the path that must allocate nothing on the Java heap ({@code gc.alloc.rate.norm} = 0 B/op).
 */
final class JmallocMemory extends AddressMemory {

    private final Allocator allocator;

    JmallocMemory(String name, int slots, boolean freeMarks) {
        this(name, slots, Allocator.builder().freeMarks(freeMarks));
    }

    JmallocMemory(String name, int slots, AllocatorBuilder builder) {
        this(name, slots, builder, true);
    }

    /** With {@code tracked} false the allocator's work stays out of {@link WorkCountersProfiler}'s timed counts. */
    JmallocMemory(String name, int slots, AllocatorBuilder builder, boolean tracked) {
        super(name, slots);
        this.allocator = builder.build();
        if (tracked) {
            WorkCountersProfiler.track(allocator);
        }
    }

    @Override
    public WorkCounts workCounts() {
        return allocator.stats().work();
    }

    @Override
    public void purge() {
        allocator.purge();
    }

    @Override
    public boolean defragments() {
        return true;
    }

    @Override
    public long defragment(long[] sizes, int maxPasses) {
        return Defragment.run(allocator, addresses(), sizes, maxPasses);
    }

    @Override
    public AllocatorCounters counters() {
        return countersOf(allocator);
    }

    /** A jmalloc allocator's figures from its {@code stats()}. */
    static AllocatorCounters countersOf(Allocator allocator) {
        Stats stats = allocator.stats();
        return new AllocatorCounters(stats.allocated(), stats.metadata(), stats.mapped());
    }

    @Override
    long malloc(long size) {
        return allocator.malloc(size);
    }

    @Override
    void free(long address, long size) {
        allocator.free(address, size);
    }

    @Override
    void freeUnsized(long address) {
        allocator.free(address);
    }

    @Override
    long realloc(long address, long oldSize, long newSize) {
        return allocator.realloc(address, newSize);
    }

    @Override
    void release() {
        WorkCountersProfiler.untrack(allocator);
        allocator.close();
    }
}
