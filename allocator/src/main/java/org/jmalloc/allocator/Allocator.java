package org.jmalloc.allocator;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jmalloc.allocator.arena.Arena;
import org.jmalloc.allocator.extent.AddressMap;
import org.jmalloc.allocator.extent.Extent;
import org.jmalloc.allocator.extent.MappedMemory;
import org.jmalloc.allocator.extent.PageIndex;
import org.jmalloc.allocator.os.Hardware;
import org.jmalloc.allocator.os.OsMemory;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.jmalloc.allocator.tcache.CacheRegistry;
import org.jmalloc.allocator.tcache.ThreadCache;

/**
 * A jemalloc-class allocator of off-heap memory mapped from the OS. Thread-safe.
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
 * <h2>Design</h2>
 * Requests round up to a size class ({@link SizeClasses}). Small classes ({@code < 4 × page}) are
 * regions of slabs kept in per-arena bins; larger ones are page runs; both come from an arena's
 * extents, which map memory from the OS in growing chunks and purge unused pages as they decay.
 * Each platform thread has a cache of free blocks per class (up to {@code threadCacheMaxSize}), so
 * the common malloc and free take no lock:
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
 * The free mark ({@code address ^ secret}, {@code secret} random per allocator) is how a double
 * free is caught while the first free still sits in a thread cache; the slab bitmap and the extent
 * state catch the rest. Misses and overflows move half a stack to or from the arena in one locked
 * batch.
 *
 * <h2>Errors</h2>
 * Invalid sizes and alignments, unknown or interior addresses and mismatched sized frees throw
 * {@link IllegalArgumentException}; double frees {@link IllegalStateException}; a refused mapping
 * or the {@code maxBytes} limit {@link OutOfMemoryError} (the allocator stays usable); every call
 * after {@link #close()} {@link IllegalStateException}.
 */
public final class Allocator implements AutoCloseable {

    /** All of memory, for raw reads and writes at addresses this allocator owns. */
    private static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;
    /**
     * Masks an address the fast paths already know is a user-space block ({@code < 2^48}): a no-op
     * on the value that tells the compiler the offset is in range, so {@link #MEMORY}'s bounds
     * check folds away.
     */
    private static final long USER_SPACE = (1L << 48) - 1;
    private static final long MAX_ALIGNMENT = 1L << 30;

    private final Config config;
    private final SizeClasses classes;
    private final long smallMax;
    private final int smallCount;
    /** Classes below this index are thread-cached. */
    private final int cachedClasses;
    /** The largest thread-cached class size (0 when caching is off). */
    private final long cachedMax;
    private final long secret;
    /** Whether freed blocks carry the free mark (see {@link Builder#freeMarks}). */
    private final boolean marks;
    private final AddressMap map;
    /** This allocator's {@link PageIndex} owner id. */
    private final int owner;
    private final MappedMemory memory;
    private final Arena[] arenas;
    private final CacheRegistry registry;
    /** The registry's by-thread-id table of cache slots, held here to save a load on the fast paths. */
    private final long[][] slotsById;
    private final boolean global;
    private final Thread purger;
    private volatile boolean closed;

    /**
     * Frees that took the slow path: a test hook (plain field, racy across threads) so tests can
     * check that ordinary frees never leave the fast path.
     */
    long slowFrees;

    // Test-only fault state, guarded by this.
    private boolean overlapArmed;
    private final long[] lastSmall;

    private Allocator(Builder b, boolean global) {
        Hardware hw = b.hardware != null ? b.hardware : Hardware.detect();
        OsMemory os = b.osMemory != null ? b.osMemory : OsMemory.system();
        long osPage = os.pageSize();
        long page = b.pageSize > 0 ? b.pageSize : osPage;
        if (page < osPage || Long.bitCount(page) != 1) {
            throw new IllegalArgumentException("invalid page size " + page
                    + ": must be a power of two and at least the OS page size " + osPage);
        }
        int arenaCount = b.arenas > 0 ? b.arenas : 4 * hw.cpus();
        boolean cache = b.threadCache && b.testFault == TestFault.NONE;
        this.classes = new SizeClasses(page);
        this.smallMax = classes.smallMax();
        this.smallCount = classes.smallCount();
        long tcacheMax = Math.min(b.threadCacheMaxSize, SizeClasses.MAX_SIZE);
        this.cachedClasses = cache && tcacheMax > 0 ? SizeClasses.index(SizeClasses.roundUp(tcacheMax)) + 1 : 0;
        this.cachedMax = cachedClasses == 0 ? 0 : SizeClasses.size(cachedClasses - 1);
        this.config = new Config(arenaCount, cache, cache ? SizeClasses.roundUp(tcacheMax) : 0, b.dirtyDecay,
                b.muzzyDecay, b.backgroundPurge, page, osPage, b.maxBytes, smallMax, smallCount, SizeClasses.MAX_SIZE,
                b.freeMarks);
        this.secret = new java.security.SecureRandom().nextLong() | 1;
        this.marks = b.freeMarks;
        this.map = new AddressMap(Long.numberOfTrailingZeros(page));
        this.owner = PageIndex.newOwner();
        this.memory = new MappedMemory(os, page, b.maxBytes);
        this.arenas = new Arena[arenaCount];
        for (int i = 0; i < arenaCount; i++) {
            arenas[i] = new Arena(i, classes, memory, map, nanos(b.dirtyDecay), nanos(b.muzzyDecay), owner,
                    cachedClasses);
        }
        int[] regions = new int[smallCount];
        for (int i = 0; i < smallCount; i++) {
            regions[i] = classes.regionsPerSlab(i);
        }
        this.registry = new CacheRegistry(arenas, map, cachedClasses, smallCount, regions);
        this.slotsById = registry.slotsByIdTable();
        this.global = global;
        this.overlapArmed = b.testFault == TestFault.OVERLAP_ONCE;
        this.lastSmall = new long[smallCount];
        this.purger = b.backgroundPurge ? startPurger(b) : null;
    }

    /** The process-wide allocator with default settings, created on first use. It cannot be closed. */
    public static Allocator global() {
        return Global.INSTANCE;
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- allocation ---------------------------------------------------------------------------

    /**
     * The calling platform thread's cache, through the registry's ThreadLocal; null for virtual
     * threads and threads that have not allocated yet. For the slow paths; the fast paths use
     * {@link #slots()}.
     */
    private ThreadCache cache() {
        return registry.local();
    }

    /**
     * The calling platform thread's cache slots ({@link ThreadCache#slots()}): the by-thread-id table
     * entry when its owner word is this thread's id, else the ThreadLocal's cache; null when the
     * thread has no cache. Small so that it inlines into every fast path.
     */
    private long[] slots() {
        long tid = Thread.currentThread().threadId();
        long[] s = slotsById[(int) tid & (CacheRegistry.BY_ID_SLOTS - 1)];
        if (s != null && s[ThreadCache.OWNER] == tid) {
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
                return mallocSlow(size);
            }
            // ThreadCache.pop inlined by hand: this is the path every cached malloc takes. The
            // class's header holds top and base (one load); the low-water mark is updated only
            // when the top goes below it.
            long h = slots[c];
            int t = (int) h & 0xFFFF;
            if (t != (int) h >>> ThreadCache.BASE_SHIFT) {
                t--;
                if (t < (int) (h >>> ThreadCache.LOW_SHIFT)) {
                    h = h & ~(ThreadCache.FIELD << ThreadCache.LOW_SHIFT) | (long) t << ThreadCache.LOW_SHIFT;
                }
                slots[c] = h - 1;
                long address = slots[t];
                if (marks) {
                    MEMORY.set(WORD, address & USER_SPACE, 0L); // clears the free mark
                }
                if (--slots[ThreadCache.TICKS] == 0) {
                    gcStep(slots);
                }
                return address;
            }
        }
        return mallocSlow(size);
    }

    /** The thread cache's incremental GC step, every {@code ThreadCache.GC_INTERVAL} cached mallocs. */
    private void gcStep(long[] slots) {
        ThreadCache tc = cache();
        if (tc != null && tc.slots() == slots) {
            tc.gcEvent();
        } else {
            slots[ThreadCache.TICKS] = ThreadCache.GC_INTERVAL;
        }
    }

    private long mallocSlow(long size) {
        checkOpen();
        checkSize(size);
        return allocateClass(classes.indexOf(size), size);
    }

    /**
     * Allocates one block of class {@code c}; when the {@code maxBytes} limit stops it, gives the
     * unused memory of every arena back to the OS and tries once more.
     */
    private long allocateClass(int c, long request) {
        try {
            return allocateClassOnce(c, request);
        } catch (MappedMemory.LimitExceeded limit) {
            reclaimForLimit(mappingNeed(c, classes.pageSize()));
            return allocateClassOnce(c, request);
        }
    }

    /**
     * Frees what the limit is holding hostage, cheapest first, until {@code need} bytes could be
     * mapped: the caller's cached blocks and dead threads' caches, then the arenas' retained pages
     * (unmapped: no madvise needed), then their dirty and muzzy pages (purged and unmapped). One
     * arena lock at a time.
     */
    private void reclaimForLimit(long need) {
        ThreadCache tc = cache();
        if (tc != null) {
            tc.flushAll();
        }
        registry.reapDead();
        for (Arena a : arenas) {
            a.pages().unmapRetained();
            if (memory.fits(need)) {
                return;
            }
        }
        for (Arena a : arenas) {
            a.release();
            if (memory.fits(need)) {
                return;
            }
        }
    }

    /** Bytes a block of class {@code c} may need to map: its slab or its pages, plus alignment slack. */
    private long mappingNeed(int c, long alignment) {
        long bytes = c < smallCount ? (long) classes.slabPages(c) * classes.pageSize() : classes.sizeOf(c);
        return bytes + Math.max(0, alignment - classes.pageSize());
    }

    private Extent mallocLargeDirect(int c, long alignment, long request) {
        Arena arena = arenaOfCaller();
        try {
            return arena.mallocLarge(c, classes.sizeOf(c), alignment, request);
        } catch (MappedMemory.LimitExceeded limit) {
            reclaimForLimit(mappingNeed(c, alignment));
            return arena.mallocLarge(c, classes.sizeOf(c), alignment, request);
        }
    }

    private long allocateClassOnce(int c, long request) {
        ThreadCache tc = cache();
        if (tc == null && !Thread.currentThread().isVirtual()) {
            tc = registry.bind();
        }
        long address;
        if (tc != null) {
            address = allocateWith(tc, tc.arena(), c, request);
        } else {
            int slot = registry.acquireShared();
            if (slot >= 0) {
                try {
                    ThreadCache shared = registry.shared(slot);
                    address = allocateWith(shared, shared.arena(), c, request);
                } finally {
                    registry.releaseShared(slot);
                }
            } else {
                address = allocateWith(null, registry.arenaForUncached(), c, request);
            }
        }
        if (marks) {
            MEMORY.set(WORD, address, 0L); // clears the free mark
        }
        return address;
    }

    private long allocateWith(ThreadCache tc, Arena arena, int c, long request) {
        if (overlapArmed && c < smallCount) {
            long faulty = overlapFault(c);
            if (faulty != 0) {
                return faulty;
            }
        }
        boolean cached = tc != null && tc.caches(c);
        long address = cached ? tc.pop(c) : 0;
        if (address == 0) {
            if (c >= smallCount) {
                address = arena.mallocLarge(c, classes.sizeOf(c), classes.pageSize(), request).base;
            } else {
                address = cached ? tc.refillAndPop(c) : arena.mallocSmall(c);
            }
        }
        if (overlapArmed && c < smallCount) {
            synchronized (this) {
                lastSmall[c] = address;
            }
        }
        return address;
    }

    /** The fault must hand out a live block: forget the remembered one once it is freed. */
    private synchronized void forgetFreed(int c, long address) {
        if (lastSmall[c] == address) {
            lastSmall[c] = 0;
        }
    }

    /** The live block to hand out again, once; 0 when the fault is spent or has no block yet. */
    private synchronized long overlapFault(int c) {
        if (overlapArmed && lastSmall[c] != 0) {
            overlapArmed = false;
            return lastSmall[c];
        }
        return 0;
    }

    /**
     * Allocates {@code count × size} zeroed bytes.
     *
     * @throws IllegalArgumentException when a factor is not positive or the product overflows
     */
    public long calloc(long count, long size) {
        checkOpen();
        checkSize(size);
        if (count <= 0) {
            throw new IllegalArgumentException("invalid count " + count + ": must be positive");
        }
        if (Math.multiplyHigh(count, size) != 0 || count * size < 0 || count * size > SizeClasses.MAX_SIZE) {
            throw new IllegalArgumentException("calloc(" + count + ", " + size
                    + ") overflows: count * size exceeds " + SizeClasses.MAX_SIZE);
        }
        long total = count * size;
        int c = classes.indexOf(total);
        if (c < smallCount) {
            long address = allocateClass(c, total);
            MEMORY.asSlice(address, total).fill((byte) 0);
            return address;
        }
        // Large: skip the thread cache so a block fresh from the OS (already zero) needs no fill.
        Extent e = mallocLargeDirect(c, classes.pageSize(), total);
        boolean zero = e.zeroed;
        e.zeroed = false;
        if (!zero) {
            MEMORY.asSlice(e.base, total).fill((byte) 0);
        }
        return e.base;
    }

    /**
     * Allocates at least {@code size} bytes aligned to {@code alignment}.
     *
     * @param alignment a power of two up to 1 GiB
     */
    public long alignedAlloc(long alignment, long size) {
        checkOpen();
        checkAlignment(alignment);
        checkSize(size);
        if (alignment <= SizeClasses.QUANTUM) {
            return malloc(size);
        }
        long page = classes.pageSize();
        if (alignment <= page) {
            // The smallest class that is a multiple of the alignment: slab regions start at
            // multiples of their size from a page-aligned base, large blocks are page-aligned.
            int c = classes.indexOf(Math.max(size, alignment));
            while (classes.sizeOf(c) % alignment != 0) {
                c++;
            }
            return allocateClass(c, size);
        }
        int c = classes.indexOf(Math.max(size, smallMax + 1));
        Extent e = mallocLargeDirect(c, alignment, size);
        e.zeroed = false;
        if (marks) {
            MEMORY.set(WORD, e.base, 0L); // a reused block may still carry its last free mark
        }
        return e.base;
    }

    /**
     * Resizes a block: in place when the new size has the same class, or when a large block can
     * shrink or grow into free pages after it; otherwise moves it (copying the smaller of the old
     * usable size and the new size). {@code realloc(0, n)} is {@code malloc(n)}.
     */
    public long realloc(long address, long newSize) {
        checkOpen();
        if (address == 0) {
            return malloc(newSize);
        }
        checkSize(newSize);
        Extent e = blockAt(address, "realloc");
        if (marks && MEMORY.get(WORD, address) == (address ^ secret)) {
            throw new IllegalStateException(String.format("realloc of 0x%x: the block is already free", address));
        }
        long old = e.slab ? e.regionSize : e.size;
        int c = classes.indexOf(newSize);
        long usable = classes.sizeOf(c);
        if (usable == old) {
            return address;
        }
        if (!e.slab && c >= smallCount && arenas[e.arena].resizeLarge(e, c, usable)) {
            return address;
        }
        long moved = malloc(newSize);
        MemorySegment.copy(MEMORY, address, MEMORY, moved, Math.min(old, newSize));
        free(address);
        return moved;
    }

    // ---- deallocation -------------------------------------------------------------------------

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
        freeSlow(address, -1);
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
        // else goes to the slow path, which says what is wrong. (Deriving the class from the size instead, as jemalloc's sized free does, measured more
        // instructions and cycles here: a range test and a table lookup more.)
        if (((int) entry & PageIndex.OWNER_MASK) == owner
                && PageIndex.isRequestOfClass(c, size)
                && freeFast(slots, address, entry, c)) {
            return;
        }
        freeSlow(address, size);
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
        int t = (int) h & 0xFFFF;
        if (t == ((int) (h >>> ThreadCache.LIMIT_SHIFT) & 0xFFFF)) {
            return false;
        }
        if (marks) {
            long mark = address ^ secret;
            if (MEMORY.get(WORD, address & USER_SPACE) == mark) {
                return false; // marked: probably a double free; the slow path says so
            }
            MEMORY.set(WORD, address & USER_SPACE, mark);
        }
        slots[t] = address;
        slots[c] = h + 1;
        return true;
    }

    private void freeSlow(long address, long size) {
        slowFrees++;
        checkOpen();
        if (address == 0) {
            return;
        }
        Extent e = blockAt(address, "free");
        if (size != -1) {
            checkSize(size);
            int hinted = classes.indexOf(size);
            if (hinted != e.sizeClass) {
                throw new IllegalArgumentException(String.format(
                        "sized free of 0x%x with size %d: the block is in size class %d bytes, size %d is in class %d bytes",
                        address, size, classes.sizeOf(e.sizeClass), size, classes.sizeOf(hinted)));
            }
        }
        if (marks && MEMORY.get(WORD, address) == (address ^ secret)) {
            throw new IllegalStateException(String.format("double free of 0x%x: the block is already free", address));
        }
        int c = e.sizeClass;
        if (overlapArmed && c < smallCount) {
            forgetFreed(c, address);
        }
        ThreadCache tc = cache();
        if (tc == null && !Thread.currentThread().isVirtual()) {
            tc = registry.bind();
        }
        if (tc != null) {
            freeWith(tc, arenas[e.arena], e, address, c);
            return;
        }
        int slot = registry.acquireShared();
        if (slot < 0) {
            freeWith(null, arenas[e.arena], e, address, c);
            return;
        }
        try {
            freeWith(registry.shared(slot), arenas[e.arena], e, address, c);
        } finally {
            registry.releaseShared(slot);
        }
    }

    private void freeWith(ThreadCache tc, Arena owner, Extent e, long address, int c) {
        if (tc != null && tc.caches(c)) {
            if (marks) {
                MEMORY.set(WORD, address, address ^ secret);
            }
            tc.push(c, address);
        } else if (e.slab) {
            owner.freeSmall(e, address);
        } else {
            owner.freeLarge(e);
        }
    }

    /**
     * The active block starting at {@code address}, or an exception saying what is wrong with it.
     */
    private Extent blockAt(long address, String op) {
        Extent e = map.get(address);
        if (e == null || e.state == Extent.UNUSED || address < e.base || address >= e.end()) {
            Extent large = largeAround(address);
            if (large != null) {
                throw new IllegalArgumentException(String.format(
                        "%s of 0x%x: interior address of the block at 0x%x", op, address, large.base));
            }
            throw new IllegalArgumentException(String.format(
                    "%s of 0x%x: not an address this allocator returned", op, address));
        }
        if (e.state != Extent.ACTIVE) {
            throw new IllegalStateException(String.format("double free of 0x%x: the block is already free", address));
        }
        long offset = address - e.base;
        long start = e.slab ? e.base + offset / e.regionSize * e.regionSize : e.base;
        if (start != address) {
            throw new IllegalArgumentException(String.format(
                    "%s of 0x%x: interior address of the block at 0x%x", op, address, start));
        }
        return e;
    }

    /**
     * Error path only: the active large block whose interior holds {@code address}, or null. Only
     * a large block's first and last pages are in the address map, so this walks down page by page
     * to the start of the mapping until it meets the block (at most the mapping's pages).
     */
    private Extent largeAround(long address) {
        long floor = memory.mappingBase(address);
        long page = classes.pageSize();
        for (long a = address & -page; floor >= 0 && a >= floor; a -= page) {
            Extent e = map.get(a);
            if (e != null && e.state == Extent.ACTIVE && e.base <= address && address < e.end()) {
                return e.slab ? null : e;
            }
        }
        return null;
    }

    // ---- thread handles ------------------------------------------------------------------------

    /**
     * A handle on the calling thread's cache, for hot loops: its {@code malloc}/{@code free} skip
     * the per-call lookup of the caller's cache (a thread-id table probe) and are otherwise the
     * same calls. Like jemalloc's explicit thread caches it is confined: only the thread that got
     * it may use it, and it must not outlive that thread's use of the allocator.
     *
     * @throws IllegalStateException on a virtual thread (virtual threads share caches per call)
     */
    public ThreadHandle threadHandle() {
        checkOpen();
        if (Thread.currentThread().isVirtual()) {
            throw new IllegalStateException("virtual threads have no thread cache of their own: "
                    + "call malloc and free on the allocator directly");
        }
        ThreadCache tc = cache();
        return new ThreadHandle(this, tc != null ? tc : registry.bind());
    }

    // ---- sizes ---------------------------------------------------------------------------------

    /** The usable size of a live block (its size class). */
    public long usableSize(long address) {
        checkOpen();
        Extent e = blockAt(address, "usableSize");
        return e.slab ? e.regionSize : e.size;
    }

    /** The usable size a request of {@code size} bytes gets. */
    public long sizeFor(long size) {
        checkOpen();
        checkSize(size);
        return classes.sizeOf(classes.indexOf(size));
    }

    // ---- segments ------------------------------------------------------------------------------

    /**
     * A native segment of exactly {@code size} bytes over one block, aligned to {@code alignment}.
     * It is not bound to a scope: free it with {@link #free(MemorySegment)}.
     */
    public MemorySegment allocate(long size, long alignment) {
        long address = alignment <= SizeClasses.QUANTUM && alignment > 0 ? malloc(size) : alignedAlloc(alignment, size);
        // A slice of the all-of-memory segment: one object, and no restricted-method (caller
        // module) check on every call as MemorySegment.reinterpret would make.
        return MEMORY.asSlice(address, size);
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
     * by its {@code close()}. Shared: segments may be allocated and used from any thread.
     */
    public java.lang.foreign.Arena newArena() {
        checkOpen();
        return new AllocatorArena(this);
    }

    // ---- control and stats ---------------------------------------------------------------------

    /**
     * Returns the calling thread's cached blocks to their slabs, and with them the blocks that
     * routine flushes parked in the arenas' bins, so that slabs left empty go back to the pages.
     */
    public void flushThreadCache() {
        checkOpen();
        ThreadCache tc = cache();
        if (tc != null) {
            tc.flushAll();
        }
        for (Arena a : arenas) {
            a.drainParked();
        }
    }

    /**
     * Flushes the calling thread's cache, the caches of threads that have ended and the idle shared
     * caches, gives back empty slabs and returns every unused page to the OS now.
     */
    public void purge() {
        flushThreadCache();
        registry.reapDead();
        registry.flushIdleShared();
        for (Arena a : arenas) {
            a.purge();
        }
    }

    /** A consistent snapshot of the counters, taken with every arena's locks held. */
    public Stats stats() {
        checkOpen();
        registry.reapDead();
        List<Stats.ArenaStats> perArena = new ArrayList<>(arenas.length);
        Stats.SizeClassStats[] total = new Stats.SizeClassStats[smallCount];
        long allocated = 0;
        long active = 0;
        long dirty = 0;
        long muzzy = 0;
        long retained = 0;
        long metadata = map.metadataBytes();
        for (Arena a : arenas) {
            a.lockAll();
        }
        try {
            for (Arena a : arenas) {
                List<Stats.SizeClassStats> bins = new ArrayList<>(smallCount);
                for (long[] row : a.binCounters()) {
                    int c = (int) row[0];
                    Stats.SizeClassStats s = new Stats.SizeClassStats(c, classes.sizeOf(c),
                            (long) classes.slabPages(c) * classes.pageSize(), classes.regionsPerSlab(c),
                            row[1], row[2], row[3], row[4], row[5]);
                    bins.add(s);
                    total[c] = total[c] == null ? s : total[c].plus(s);
                }
                long small = a.smallAllocated();
                long large = a.largeAllocated();
                perArena.add(new Stats.ArenaStats(a.index, a.threads().get(), small, large, a.pages().activeBytes(),
                        a.pages().dirtyBytes(), a.pages().muzzyBytes(), a.pages().retainedBytes(), a.largeMallocs(),
                        a.largeFrees(), a.pages().purges(), a.pages().purgedBytes(), bins));
                allocated += small + large;
                active += a.pages().activeBytes();
                dirty += a.pages().dirtyBytes();
                muzzy += a.pages().muzzyBytes();
                retained += a.pages().retainedBytes();
                metadata += a.metadataBytes();
            }
        } finally {
            for (int i = arenas.length - 1; i >= 0; i--) {
                arenas[i].unlockAll();
            }
        }
        metadata += (long) registry.registered() * 8 * 1024; // thread-cache stacks, roughly
        return new Stats(allocated, active, metadata, active + dirty + metadata, active + dirty + muzzy, retained,
                perArena, List.of(total));
    }

    /** The effective configuration. */
    public Config config() {
        checkOpen();
        return config;
    }

    /**
     * Unmaps every mapping. Every later call throws {@link IllegalStateException}. The caller must
     * make sure no other thread is inside the allocator while it closes (as with any C allocator,
     * a racing call could touch unmapped memory).
     *
     * @throws UnsupportedOperationException on the {@linkplain #global() global} allocator
     */
    @Override
    public void close() {
        if (global) {
            throw new UnsupportedOperationException("the global allocator lives as long as the process");
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (purger != null) {
            purger.interrupt();
            try {
                purger.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        registry.close();
        memory.close(); // clears this allocator's page-index entries before unmapping
        PageIndex.releaseOwner(owner);
    }

    // ---- internals -----------------------------------------------------------------------------

    private Arena arenaOfCaller() {
        ThreadCache tc = cache();
        if (tc == null && !Thread.currentThread().isVirtual()) {
            tc = registry.bind();
        }
        return tc != null ? tc.arena() : registry.arenaForUncached();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("allocator is closed");
        }
    }

    private static void checkSize(long size) {
        if (size <= 0 || size > SizeClasses.MAX_SIZE) {
            throw new IllegalArgumentException("invalid size " + size + ": must be between 1 and "
                    + SizeClasses.MAX_SIZE);
        }
    }

    private static void checkAlignment(long alignment) {
        if (alignment <= 0 || Long.bitCount(alignment) != 1 || alignment > MAX_ALIGNMENT) {
            throw new IllegalArgumentException("invalid alignment " + alignment
                    + ": must be a power of two up to " + MAX_ALIGNMENT);
        }
    }

    private static long nanos(Duration d) {
        return d.isNegative() ? -1 : d.toNanos();
    }

    private Thread startPurger(Builder b) {
        long shortest = Math.min(positiveOr(b.dirtyDecay), positiveOr(b.muzzyDecay));
        long sleepMillis = Math.clamp(shortest / 1_000_000 / 200, 10, 1000);
        Thread t = Thread.ofPlatform().daemon().name("jmalloc-background-purge").unstarted(() -> {
            while (!closed) {
                try {
                    Thread.sleep(sleepMillis);
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) {
                    return;
                }
                long now = System.nanoTime();
                for (Arena a : arenas) {
                    a.pages().decay(now);
                }
                registry.reapDead();
            }
        });
        t.start();
        return t;
    }

    private static long positiveOr(Duration d) {
        return d.isNegative() || d.isZero() ? Long.MAX_VALUE : d.toNanos();
    }

    private static final class Global {
        static final Allocator INSTANCE = new Allocator(new Builder(), true);
    }

    /**
     * The effective configuration.
     *
     * @param arenas number of arenas
     * @param threadCache whether platform threads cache blocks
     * @param threadCacheMaxSize the largest size class cached (0 when caching is off)
     * @param dirtyDecay time for unused dirty pages to be purged (negative: never)
     * @param muzzyDecay time for lazily purged pages to be released (negative: never)
     * @param backgroundPurge whether a background thread drives decay
     * @param pageSize the logical page size
     * @param osPageSize the OS page size
     * @param maxBytes the most bytes the allocator maps
     * @param smallMaxSize the largest small class
     * @param smallClasses number of small classes
     * @param maxSize the largest request accepted
     * @param freeMarks whether freed blocks are marked to catch double frees in thread caches
     */
    public record Config(int arenas, boolean threadCache, long threadCacheMaxSize, Duration dirtyDecay,
                         Duration muzzyDecay, boolean backgroundPurge, long pageSize, long osPageSize, long maxBytes,
                         long smallMaxSize, int smallClasses, long maxSize, boolean freeMarks) {
    }

    /** Test-only faults, to prove that integrity checks can fail. */
    public enum TestFault {
        NONE,
        /**
         * Once, a small allocation returns the address of a block of the same class that is still
         * live (an overlapping block): the first allocation of a class whose previous block has not
         * been freed. Disables thread caching.
         */
        OVERLAP_ONCE
    }

    /** Configures an allocator; every setting has a jemalloc-like default. */
    public static final class Builder {
        private int arenas;
        private boolean threadCache = true;
        private long threadCacheMaxSize = 32 * 1024;
        private Duration dirtyDecay = Duration.ofSeconds(10);
        private Duration muzzyDecay = Duration.ZERO;
        private boolean backgroundPurge;
        private long pageSize;
        private long maxBytes = Long.MAX_VALUE;
        private OsMemory osMemory;
        private Hardware hardware;
        private boolean freeMarks = true;
        private TestFault testFault = TestFault.NONE;

        private Builder() {
        }

        /** Number of arenas; default 4 × CPUs. */
        public Builder arenas(int n) {
            if (n < 1 || n > 4096) {
                throw new IllegalArgumentException("invalid arena count " + n + ": must be between 1 and 4096");
            }
            this.arenas = n;
            return this;
        }

        /** Whether platform threads keep a cache of free blocks; default true. */
        public Builder threadCache(boolean on) {
            this.threadCache = on;
            return this;
        }

        /** The largest size kept in thread caches; default 32 KiB. */
        public Builder threadCacheMaxSize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("invalid thread cache max size " + bytes + ": must be >= 0");
            }
            this.threadCacheMaxSize = bytes;
            return this;
        }

        /** How long unused dirty pages may stay before they are purged; default 10 s; 0 = at once; negative = never. */
        public Builder dirtyDecay(Duration d) {
            this.dirtyDecay = java.util.Objects.requireNonNull(d, "dirtyDecay");
            return this;
        }

        /** How long lazily purged pages stay before being released; default 0 (as jemalloc 5.3). */
        public Builder muzzyDecay(Duration d) {
            this.muzzyDecay = java.util.Objects.requireNonNull(d, "muzzyDecay");
            return this;
        }

        /** Whether a background thread drives decay; default false (decay runs on slow paths). */
        public Builder backgroundPurge(boolean on) {
            this.backgroundPurge = on;
            return this;
        }

        /** The logical page size: a power of two at least the OS page (4K, 16K, 64K); default the OS page. */
        public Builder pageSize(long bytes) {
            if (bytes < 4096 || Long.bitCount(bytes) != 1 || bytes > (1L << 24)) {
                throw new IllegalArgumentException("invalid page size " + bytes
                        + ": must be a power of two from 4096 to 16777216");
            }
            this.pageSize = bytes;
            return this;
        }

        /** The most bytes the allocator may map from the OS; beyond it allocations throw OutOfMemoryError. */
        public Builder maxBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("invalid maxBytes " + bytes + ": must be positive");
            }
            this.maxBytes = bytes;
            return this;
        }

        /** Where memory comes from; default {@link OsMemory#system()}. */
        public Builder osMemory(OsMemory os) {
            this.osMemory = java.util.Objects.requireNonNull(os, "osMemory");
            return this;
        }

        /**
         * The hardware facts to size the allocator by instead of the detected ones (the CPU count
         * sets the default number of arenas). The page size is set with {@link #pageSize(long)}.
         */
        public Builder hardware(Hardware facts) {
            this.hardware = java.util.Objects.requireNonNull(facts, "hardware");
            return this;
        }

        /**
         * Whether a freed block's first word is marked ({@code address ^ secret}) so that a double
         * free of a block still sitting in a thread cache is caught at once; default true. Off, free
         * and malloc touch no block memory — cheaper when blocks move between threads or have gone
         * cold — and such a double free goes unnoticed until the block reaches its slab's bitmap,
         * as in jemalloc's default (non-debug) build. Double frees of blocks that reached their slab
         * and of large blocks are caught either way.
         */
        public Builder freeMarks(boolean on) {
            this.freeMarks = on;
            return this;
        }

        /** Test only: makes the allocator misbehave in a chosen way. */
        public Builder testFault(TestFault fault) {
            this.testFault = java.util.Objects.requireNonNull(fault, "testFault");
            return this;
        }

        public Allocator build() {
            return new Allocator(this, false);
        }
    }
}
