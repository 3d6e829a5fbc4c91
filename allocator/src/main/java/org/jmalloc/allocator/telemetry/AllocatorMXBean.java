package org.jmalloc.allocator.telemetry;

/**
 * An allocator seen through JMX, registered by {@code Allocator.registerMBean(name)} as
 * {@code org.jmalloc:type=Allocator,name=<name>}. Attributes are read from a fresh stats snapshot
 * (byte counts mean what {@code Stats} says); operations run the allocator's own calls. Any JMX
 * client (JConsole, VisualVM, a JMX exporter) reads it without jmalloc on its class path: every
 * type is an open type.
 */
public interface AllocatorMXBean {

    /** {@code stats.allocated}: bytes handed out and not returned. */
    long getAllocated();

    /** {@code stats.active}: bytes of pages backing live allocations. */
    long getActive();

    /** {@code stats.metadata}: bytes of bookkeeping. */
    long getMetadata();

    /** {@code stats.resident}: upper bound of resident bytes. */
    long getResident();

    /** {@code stats.mapped}: bytes of mapped, usable pages. */
    long getMapped();

    /** {@code stats.retained}: mapped bytes returned to the OS. */
    long getRetained();

    /** {@code arenas.count}. */
    int getArenas();

    /** {@code stats.threads.count}: threads with a cache of their own, alive now. */
    long getThreads();

    /** {@code stats.threads.allocated}: bytes allocated by the live threads, summed. */
    long getThreadsAllocated();

    /** {@code stats.threads.deallocated}: bytes freed by the live threads, summed. */
    long getThreadsDeallocated();

    /** {@code stats.tcache.hits}: allocations served by thread caches. */
    long getThreadCacheHits();

    /** {@code stats.tcache.misses}: allocations that found their thread cache empty. */
    long getThreadCacheMisses();

    /** {@code stats.tcache.fills}: thread-cache refill batches. */
    long getThreadCacheFills();

    /** {@code stats.tcache.flushes}: thread-cache flush batches. */
    long getThreadCacheFlushes();

    /** {@code stats.purges}: madvise calls issued by decay or purge(). */
    long getPurges();

    /** {@code stats.purged_bytes}: bytes those calls covered. */
    long getPurgedBytes();


    /** {@code prof.active}: whether heap profiling samples allocations (false when profiling is off). */
    boolean isProfilingActive();

    /** Sets {@code prof.active}; refused when the allocator was built without profiling. */
    void setProfilingActive(boolean active);

    /** Live heap-profile samples. */
    long getProfileLiveSamples();

    /** The stats in text, as {@code malloc_stats_print}. */
    String statsText();

    /** The stats in JSON. */
    String statsJson();

    /** The live heap profile in collapsed-stack format (empty when profiling is off). */
    String heapProfileCollapsed();

    /** {@code purge()}: returns every unused page to the OS now. */
    void purge();
}
