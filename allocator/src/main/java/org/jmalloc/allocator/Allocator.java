package org.jmalloc.allocator;

import java.lang.foreign.MemorySegment;
import org.jmalloc.allocator.extent.PageIndex;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.jmalloc.allocator.prof.HeapProfile;
import org.jmalloc.allocator.tcache.CacheEvents;
import org.jmalloc.allocator.tcache.CacheRegistry;
import org.jmalloc.allocator.tcache.CacheSlots;
import org.jmalloc.allocator.tcache.ThreadCache;

/**
 * A jemalloc-class allocator of off-heap memory mapped from the OS. Thread-safe. This class holds
 * the public API and the two fast paths; everything else is a call into its parts, wired by
 * {@link AllocatorParts} ({@link SlowPaths}, {@link Reclaim}, {@link StatsCollector},
 * {@link BackgroundPurger} …), and {@link #close()} runs {@link Shutdown}.
 *
 * <pre>{@code
 * try (Allocator a = Allocator.builder().arenas(4).build()) {
 *     long p = a.malloc(100);                 // 112 usable bytes, 16-byte aligned
 *     MemorySegment s = a.allocate(4096, 64); // or as a segment
 *     a.free(p);
 *     a.free(s);
 * }
 * }</pre>
 *
 * <h2>Fast paths</h2>
 * (The design as a whole is the package's summary.) Each platform thread has a cache of free
 * blocks per class (up to {@code threadCacheMaxSize}), so the common malloc and free take no lock:
 *
 * <pre>
 *   malloc(size ≤ 32 KiB):   slots = byThreadId[tid]; class = table[(size+15)>>4] (or the
 *                            formula above 14 KiB); pop the class's stack in slots; clear the
 *                            block's first word                       — no lock, no allocation
 *   free(address):           entry = PageIndex[address]: this allocator's, a block start of its
 *                            class (and of the size, for a sized free); the block's first word is
 *                            not the free mark; write the mark; push onto the class's stack
 * </pre>
 *
 * Misses and overflows move half a stack to or from the arena in one locked batch ({@link SlowPaths}).
 *
 * <h2>Errors</h2>
 * Invalid sizes and alignments, unknown or interior addresses and mismatched sized frees throw
 * {@link IllegalArgumentException}; double frees {@link IllegalStateException}; a refused mapping
 * or the {@code maxBytes} limit {@link OutOfMemoryError} (the allocator stays usable); every call
 * after {@link #close()} {@link IllegalStateException}.
 */
public final class Allocator implements AutoCloseable {

    // Read by the fast paths: final fields of this object, no other object on the way.
    /** The largest thread-cached class size (0 when caching is off). */
    private final long cachedMax;
    private final long secret;
    /** Whether freed blocks carry the free mark (see {@link AllocatorBuilder#freeMarks}). */
    private final boolean marks;
    /** This allocator's {@link PageIndex} owner id. */
    private final int owner;
    /** The registry's by-thread-id table of cache slots, held here to save a load on the fast paths. */
    private final long[][] slotsById;
    private final SlowPaths slow;
    private final CacheRegistry registry;

    /** Everything else this allocator is made of (package-private for tests of its parts). */
    final AllocatorParts parts;
    private final Shutdown shutdown;
    private final boolean global;

    /** This allocator's {@link PageIndex} owner id (for tests of its share of the index). */
    int pageIndexOwner() {
        return owner;
    }

    Allocator(AllocatorBuilder b, boolean global) {
        this.parts = new AllocatorParts(b);
        this.cachedMax = parts.config.threadCacheMaxSize();
        this.secret = parts.secret;
        this.marks = parts.config.freeMarks();
        this.owner = parts.owner;
        this.registry = parts.registry;
        this.slotsById = registry.slotsByIdTable();
        this.slow = parts.slow;
        this.shutdown = new Shutdown(parts);
        this.global = global;
    }

    /** The process-wide allocator with default settings, created on first use. It cannot be closed. */
    public static Allocator global() {
        return Global.INSTANCE;
    }

    /** A builder of a new allocator, every setting at its default. */
    public static AllocatorBuilder builder() {
        return new AllocatorBuilder();
    }

    // ---- the fast paths -----------------------------------------------------------------------

    /**
     * The calling platform thread's cache slots ({@link ThreadCache#slots()}): the by-thread-id
     * table entry when its owner word is this thread's id, else the ThreadLocal's cache; null when
     * the thread has no cache. Small so that it inlines into every fast path.
     */
    private long[] slots() {
        long tid = Thread.currentThread().threadId();
        long[] s = slotsById[(int) tid & (CacheRegistry.BY_ID_SLOTS - 1)];
        if (s != null && s[CacheSlots.OWNER] == tid) {
            return s;
        }
        return slotsOfLocal();
    }

    private long[] slotsOfLocal() {
        ThreadCache tc = registry.local();
        return tc != null ? tc.slots() : null;
    }

    /**
     * Allocates at least {@code size} bytes, 16-byte aligned, with undefined contents.
     *
     * @param size 1 to {@link SizeClasses#MAX_SIZE}
     * @return the block's address, never 0
     * @throws IllegalArgumentException for an invalid size
     * @throws OutOfMemoryError when the memory cannot be mapped
     */
    public long malloc(long size) {
        return mallocFrom(slots(), size);
    }

    /** The allocation fast path over a known cache's slots (null: take the slow path). */
    long mallocFrom(long[] slots, long size) {
        if (slots != null) {
            int c;
            if (Long.compareUnsigned(size - 1, SizeClasses.QUICK_MAX) < 0) {
                c = SizeClasses.quickIndex(size); // a constant table
            } else if ((size - 1 | cachedMax - size) >= 0) {
                c = SizeClasses.index(size); // a larger class the thread cache keeps
            } else {
                return slow.malloc(size);
            }
            // ThreadCache.pop inlined by hand: this is the path every cached malloc takes. The
            // class's header holds top (one load); the slot below it holds the block, or the
            // sentinel's 0 when the stack is empty (CacheSlots); the low-water mark is updated
            // only when the top goes below it.
            long h = slots[c];
            int t = CacheSlots.top(h) - 1;
            long address = slots[t];
            if (address != 0) {
                // Counts the malloc in the event word (CacheEvents): calls to the GC step and bytes
                // to the next heap-profile sample, one subtraction and one test.
                long w = slots[CacheSlots.TICKS] - CacheEvents.increment(c);
                slots[CacheSlots.TICKS] = w;
                if ((w & CacheEvents.GUARDS) != CacheEvents.ARMED) {
                    return slow.cacheEvent(slots, c);
                }
                if (t < CacheSlots.low(h)) {
                    h = CacheSlots.withLow(h, t);
                }
                slots[c] = CacheSlots.popped(h); // TOP − 1, and the class's request count (POPS)
                if (marks) {
                    FreeMarks.clear(address);
                }
                return address;
            }
        }
        return slow.malloc(size);
    }

    /**
     * Frees a block. {@code free(0)} does nothing.
     *
     * @throws IllegalArgumentException when the address is not the start of a block of this allocator
     * @throws IllegalStateException when the block is already free
     */
    public void free(long address) {
        freeFrom(slots(), address);
    }

    /** {@link #free(long)} over a known cache's slots. */
    void freeFrom(long[] slots, long address) {
        long entry = PageIndex.entry(address);
        if (((int) entry & PageIndex.OWNER_MASK) == owner
                && freeFast(slots, address, entry, (int) (entry >>> PageIndex.CLASS_SHIFT) & 0xFF)) {
            return;
        }
        slow.free(address, -1);
    }

    /**
     * Frees a block whose request size is known. The size is checked against the block's class (a
     * safety check jemalloc makes only in debug builds); otherwise the same as {@link #free(long)}.
     *
     * @throws IllegalArgumentException when {@code size} belongs to another size class
     */
    public void free(long address, long size) {
        freeFrom(slots(), address, size);
    }

    /** {@link #free(long, long)} over a known cache's slots. */
    void freeFrom(long[] slots, long address, long size) {
        long entry = PageIndex.entry(address);
        int c = (int) (entry >>> PageIndex.CLASS_SHIFT) & 0xFF;
        // The size must name the block's class (one subtraction and an unsigned compare); anything
        // else goes to the slow path, which says what is wrong. (Deriving the class from the size
        // instead, as jemalloc's sized free does, measured more instructions and cycles here: a
        // range test and a table lookup more.)
        if (((int) entry & PageIndex.OWNER_MASK) == owner
                && PageIndex.isRequestOfClass(c, size)
                && freeFast(slots, address, entry, c)) {
            return;
        }
        slow.free(address, size);
    }

    /**
     * The lock-free path, for a block of class {@code c} whose index entry names this allocator:
     * push onto the thread cache when the address is a block start, not marked free, and the stack
     * has room. Returns false to send the call down the slow path.
     */
    private boolean freeFast(long[] slots, long address, long entry, int c) {
        if (slots == null) {
            return false;
        }
        // A block start: offset = k × regionSize inside a slab (division by multiplication); for
        // large blocks the check row's magic is 0, so the test reads "offset == 0". (An uncached
        // class has an empty slot range, so the push below finds it full.)
        if (!PageIndex.isBlockStart(entry, PageIndex.offset(entry, address))) {
            return false;
        }
        long h = slots[c];
        int t = CacheSlots.top(h);
        if (t == CacheSlots.limit(h)) {
            return false;
        }
        if (marks) {
            if (FreeMarks.isMarked(address, secret)) {
                return false; // marked: probably a double free; the slow path says so
            }
            FreeMarks.mark(address, secret);
        }
        slots[t] = address;
        slots[c] = CacheSlots.pushed(h);
        return true;
    }

    // ---- the rest of the API ------------------------------------------------------------------

    /**
     * Allocates {@code count × size} zeroed bytes.
     *
     * @throws IllegalArgumentException when a factor is not positive or the product overflows
     */
    public long calloc(long count, long size) {
        return slow.calloc(count, size);
    }

    /**
     * Allocates at least {@code size} bytes aligned to {@code alignment}.
     *
     * @param alignment a power of two up to 1 GiB
     */
    public long alignedAlloc(long alignment, long size) {
        slow.checkOpen();
        RequestChecks.checkAlignment(alignment);
        RequestChecks.checkSize(size);
        return alignment <= SizeClasses.QUANTUM ? malloc(size) : slow.alignedAlloc(alignment, size);
    }

    /**
     * Resizes a block: in place when the new size has the same class, or when a large block can
     * shrink or grow into free pages after it; otherwise moves it (copying the smaller of the old
     * usable size and the new size). {@code realloc(0, n)} is {@code malloc(n)}.
     */
    public long realloc(long address, long newSize) {
        slow.checkOpen();
        return address == 0 ? malloc(newSize) : slow.realloc(address, newSize);
    }

    /**
     * A handle on the calling thread's cache, for hot loops: its {@code malloc}/{@code free} skip
     * the per-call lookup of the caller's cache (a thread-id table probe) and are otherwise the
     * same calls. Like jemalloc's explicit thread caches it is confined: only the thread that got
     * it may use it, and it must not outlive that thread's use of the allocator.
     *
     * @throws IllegalStateException on a virtual thread (virtual threads share caches per call)
     */
    public ThreadHandle threadHandle() {
        slow.checkOpen();
        return ThreadHandle.ofCaller(this, slow);
    }

    /**
     * The usable size of a live block (its size class).
     *
     * @throws IllegalArgumentException when the address is not the start of a block of this allocator
     * @throws IllegalStateException when the block is free (as far as that can be told: a block
     *     freed into a thread cache with {@code freeMarks(false)} looks live)
     */
    public long usableSize(long address) {
        return slow.usableSize(address);
    }

    /** The usable size a request of {@code size} bytes gets. */
    public long sizeFor(long size) {
        slow.checkOpen();
        RequestChecks.checkSize(size);
        return parts.classes.sizeOf(parts.classes.indexOf(size));
    }

    /**
     * A native segment of exactly {@code size} bytes over one block, aligned to {@code alignment}.
     * It is not bound to a scope: free it with {@link #free(MemorySegment)}.
     */
    public MemorySegment allocate(long size, long alignment) {
        long address = alignment <= SizeClasses.QUANTUM && alignment > 0 ? malloc(size) : alignedAlloc(alignment, size);
        return RawMemory.slice(address, size);
    }

    /** Frees the block under a segment returned by {@link #allocate} . */
    public void free(MemorySegment segment) {
        if (!segment.isNative()) {
            throw new IllegalArgumentException("free of a heap segment: only segments from allocate() can be freed");
        }
        free(segment.address());
    }

    /**
     * A {@link java.lang.foreign.Arena} whose segments come from this allocator and are all freed
     * by its {@code close()}. Shared: segments may be allocated and used from any thread. Closing
     * the allocator closes every arena still open first, so their segments report
     * {@code isAlive() == false} and throw {@link IllegalStateException} on access.
     */
    public java.lang.foreign.Arena newArena() {
        slow.checkOpen();
        return new AllocatorArena(this, shutdown.openArenas);
    }

    // ---- active defragmentation ----------------------------------------------------------------

    /**
     * Whether moving this live block (allocate a new one with {@link #mallocUncached}, copy, free
     * this one with {@link #freeUncached}) would help give memory back: the hint Redis's active
     * defragmentation asks jemalloc for. True when the block is a small one whose slab is not full,
     * is not the slab the bin is filling now (where a new block of its class would go), and is no
     * more utilized than the bin's other slabs on average ({@code Bin.shouldMove} gives the
     * formula); always false for a large block. Regions held in thread caches count as used, so
     * call {@link #flushThreadCache()} before a pass. Takes the block's bin lock; the answer may be
     * stale as soon as it returns (other threads allocate and free), which at worst costs a move
     * that did not help. The loop: flush, then for each block that should move, {@code mallocUncached},
     * copy, {@code freeUncached} (the footprint benchmarks' defragmentation pass runs it).
     *
     * @throws IllegalArgumentException when the address is not the start of a block of this allocator
     * @throws IllegalStateException when the block is free (as far as {@link #usableSize} can tell)
     */
    public boolean shouldMove(long address) {
        return slow.shouldMove(address);
    }

    /**
     * {@link #malloc} past the calling thread's cache, as jemalloc's {@code MALLOCX_TCACHE_NONE}: a
     * small block comes from its bin's current slab, the one {@link #shouldMove} never moves blocks
     * out of. Uncached blocks are not sampled by the heap profiler. A block from here may be freed
     * with either free; a defragmentation move frees the old block with {@link #freeUncached}.
     *
     * @throws IllegalArgumentException for an invalid size
     * @throws OutOfMemoryError when the memory cannot be mapped
     */
    public long mallocUncached(long size) {
        return slow.mallocUncached(size);
    }

    /**
     * {@link #free(long)} past every thread cache: the block goes straight back to its slab, so a
     * following {@link #mallocUncached} cannot hand the same region out again, as the next malloc
     * would from a thread cache (last in, first out). {@code freeUncached(0)} does nothing.
     *
     * @throws IllegalArgumentException when the address is not the start of a block of this allocator
     * @throws IllegalStateException when the block is already free
     */
    public void freeUncached(long address) {
        slow.freeUncached(address);
    }

    /**
     * Returns the calling thread's cached blocks to their slabs, and with them the blocks that
     * routine flushes parked in the arenas' bins, so that slabs left empty go back to the pages.
     */
    public void flushThreadCache() {
        slow.checkOpen();
        slow.reclaim.flushCaller();
    }

    /**
     * Flushes the calling thread's cache, the caches of threads that have ended and the idle shared
     * caches, gives back empty slabs and returns every unused page to the OS now, then unmaps the
     * address space the arenas retained for reuse ({@code stats().retained()} becomes 0).
     */
    public void purge() {
        slow.checkOpen();
        slow.reclaim.purge();
    }

    /** Arena {@code index}: for the control names of one arena, and for tests that hold one of its locks. */
    org.jmalloc.allocator.arena.Arena arena(int index) {
        return parts.arenas[index];
    }

    /** A consistent snapshot of the counters, taken with every arena's locks held. */
    public Stats stats() {
        slow.checkOpen();
        return parts.statsCollector.collect();
    }

    /**
     * The control namespace ({@code mallctl}): every setting, statistic and action by dotted name.
     * See {@link Control} and the README's table of names.
     */
    public Control control() {
        slow.checkOpen();
        return parts.control(this);
    }

    /**
     * The live heap as the heap profiler's samples estimate it.
     *
     * @throws IllegalStateException when the allocator was built without profiling
     */
    public HeapProfile heapProfile() {
        slow.checkOpen();
        return parts.obs.profiler().snapshot();
    }

    /**
     * Registers this allocator's {@link org.jmalloc.allocator.telemetry.AllocatorMXBean} with the
     * platform MBean server as {@code org.jmalloc:type=Allocator,name=<name>}; {@link #close()}
     * unregisters it.
     *
     * @throws IllegalArgumentException when the name is not a valid ObjectName value or is taken
     */
    public javax.management.ObjectName registerMBean(String name) {
        slow.checkOpen();
        javax.management.ObjectName on = AllocatorMBeanView.register(this, name);
        shutdown.registered(on);
        return on;
    }

    /** The name this allocator's telemetry carries ({@link AllocatorBuilder#name}). */
    public String name() {
        return parts.obs.name;
    }

    /** The effective configuration. */
    public AllocatorConfig config() {
        slow.checkOpen();
        return parts.config;
    }

    /**
     * Closes the allocator and gives all its memory back to the OS.
     *
     * <p>What is guaranteed:
     * <ol>
     *   <li>every {@link #newArena()} arena still open is closed first, so its segments are no
     *       longer alive and throw {@link IllegalStateException} when accessed (never a crash);
     *   <li>then every mapping is unmapped, and the allocator's page-index entries cleared;
     *   <li>every call that happens-after {@code close()} returns — on this thread, or on another
     *       one that learnt of the close through any synchronization (a join, a latch, a volatile
     *       read) — throws {@link IllegalStateException}{@code ("allocator is closed")}, whether it
     *       would have taken a fast path or not, and through a {@link ThreadHandle} too;
     *   <li>a second {@code close()}, or one racing with the first, does nothing.
     * </ol>
     *
     * <p>What is not: a call on another thread that is not ordered after {@code close()} — that
     * races with it — is the caller's bug, as with {@code free} and {@code munmap} in C. It may
     * succeed, throw, or touch memory that is being unmapped; {@link MemorySegment}s from
     * {@link #allocate} (which are not bound to a scope) and raw addresses must not be used after
     * {@code close()} at all. {@code AllocatorCloseTest} tests the guarantees.
     *
     * @throws UnsupportedOperationException on the {@linkplain #global() global} allocator
     * @throws IllegalStateException when an open arena cannot be closed because another thread is
     *     using its scope; the allocator then stays open
     */
    @Override
    public void close() {
        if (global) {
            throw new UnsupportedOperationException("the global allocator lives as long as the process");
        }
        shutdown.run();
    }

    /** The background purger's failed steps so far (0 without one), read without reaping as stats() does. */
    long purgerFailures() {
        return parts.purger != null ? parts.purger.failures() : 0;
    }

    private static final class Global {
        static final Allocator INSTANCE = new Allocator(new AllocatorBuilder(), true);
    }
}
