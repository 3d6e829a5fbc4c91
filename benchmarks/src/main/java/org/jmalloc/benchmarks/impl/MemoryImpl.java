package org.jmalloc.benchmarks.impl;

/**
 * One allocator under test, driven through numbered slots so that address-based allocators (a {@code long} per block)
 * and handle-based ones (a {@code MemorySegment} or Netty {@code ByteBuf} per block) run the same benchmark code.
 *
 * <p>A slot is an index in {@code [0, slots())}; it is either empty or holds one live block that the implementation
 * remembers. The benchmark decides which slot to use and remembers each live block's size, which it passes back on
 * {@link #free} and {@link #reallocate} (sized free where the allocator has one).
 *
 * <p>Contract the callers keep (not checked on the hot path; {@code MemoryImplContractTest} checks the behaviour):
 * <ul>
 *   <li>{@link #allocate} only into an empty slot, {@link #free}, {@link #reallocate}, {@link #write} only on a live
 *       one, {@link #move} only from a live slot into an empty one;</li>
 *   <li>the size passed to {@code free} and {@code reallocate} is the size the block was last allocated with;</li>
 *   <li>thread-safety: different threads may use different slots at once. A slot written by one thread may be used
 *       by another only after a happens-before edge between them (the benchmarks use
 *       {@link org.jmalloc.benchmarks.workload.SpscSlotRing} for that), which is how blocks get freed by a thread
 *       other than the one that allocated them.</li>
 * </ul>
 *
 * <p>Implementations: {@link AddressMemory} (jmalloc's raw {@code long} API and the native libraries through FFM
 * downcalls), {@link JmallocSegmentMemory} and {@link NettyMemory}. {@link Impl} creates them by name.
 */
public sealed interface MemoryImpl extends AutoCloseable permits AddressMemory, JmallocSegmentMemory, NettyMemory {

    /** The name the benchmarks' {@code impl} parameter uses, e.g. {@code "jemalloc"}. */
    String name();

    /** Number of slots, fixed when the implementation was opened. */
    int slots();

    /**
     * Allocates a block of at least {@code size} bytes into the empty {@code slot}.
     *
     * @throws OutOfMemoryError when the allocator returns no memory
     */
    void allocate(int slot, long size);

    /** Frees the block in {@code slot}, allocated with {@code size} bytes; the slot becomes empty. */
    void free(int slot, long size);

    /**
     * Grows or shrinks the block in {@code slot} from {@code oldSize} to {@code newSize} bytes, keeping the first
     * {@code min(oldSize, newSize)} bytes; the block may move. {@link #realloc()} says how.
     */
    void reallocate(int slot, long oldSize, long newSize);

    /** Moves the live block in {@code from} into the empty slot {@code to}; {@code from} becomes empty. */
    void move(int from, int to);

    /** Stores {@code value} at byte {@code offset} of the block in {@code slot}. */
    void write(int slot, long offset, byte value);

    /** Loads the byte at {@code offset} of the block in {@code slot}. */
    byte read(int slot, long offset);

    /**
     * The address of the live block in {@code slot}: for the calibration harness's slowdown ({@code ExtraWork}),
     * which starts its chain from it so the chain waits for the allocation. Not for touching memory.
     */
    long address(int slot);

    /** Whether {@code slot} holds a live block. */
    boolean isLive(int slot);

    /** How {@link #reallocate} is done. */
    Realloc realloc();

    /**
     * Gives the allocator's free memory back to the OS now, through its own API, after returning the calling thread's
     * cached blocks: jmalloc {@code purge()}; jemalloc {@code thread.tcache.flush} and {@code arena.<all>.purge};
     * glibc {@code malloc_trim(0)}; mimalloc {@code mi_collect(true)}; tcmalloc {@code MallocExtension_MarkThreadIdle}
     * and {@code MallocExtension_ReleaseFreeMemory}; Netty's pooled allocator {@code trimCurrentThreadCache()}, and
     * nothing for Netty's adaptive allocator, which has no such call. Not for hot paths.
     */
    void purge();

    /**
     * Whether the allocator answers the defragmentation hint ({@code shouldMove}), so that {@link #defragment} runs:
     * jmalloc's raw API does; the native allocators and Netty have no such call.
     */
    default boolean defragments() {
        return false;
    }

    /**
     * Runs the defragmentation loop over every live block ({@link org.jmalloc.benchmarks.workload.Defragment#run}):
     * each block the allocator says to move is reallocated, copied and freed, and its slot updated. Not for hot paths.
     *
     * @param sizes {@code sizes[slot]}: the size the block in {@code slot} was allocated with (any value for an empty
     *     slot); as long as {@link #slots()}
     * @param maxPasses the most passes over the blocks
     * @return the blocks moved
     * @throws UnsupportedOperationException when {@link #defragments()} is false
     */
    default long defragment(long[] sizes, int maxPasses) {
        throw new UnsupportedOperationException(name() + " has no defragmentation hint (shouldMove)");
    }

    /**
     * jmalloc's own work counts so far ({@code Allocator.stats().work()}), or {@code null} for an implementation that
     * keeps none. Not for hot paths.
     */
    default org.jmalloc.allocator.WorkCounts workCounts() {
        return null;
    }

    /** The allocator's own figures, as far as it reports them (see {@link AllocatorCounters}). Not for hot paths. */
    AllocatorCounters counters();

    /** Frees every block still live in a slot, then releases what the implementation holds. Idempotent. */
    @Override
    void close();

    /** How an implementation grows a block. */
    enum Realloc {
        /** The allocator's own realloc (it may grow in place). */
        NATIVE,
        /** The allocator has no realloc: allocate the new size, copy, free the old block. */
        COPY
    }
}
