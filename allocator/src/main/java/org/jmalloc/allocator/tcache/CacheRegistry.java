package org.jmalloc.allocator.tcache;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.jmalloc.allocator.arena.Arena;
import org.jmalloc.allocator.extent.AddressMap;
import org.jmalloc.allocator.extent.HeapBytes;
import org.jmalloc.allocator.sizeclass.SizeClasses;

/**
 * Which cache and arena a thread uses.
 *
 * <ul>
 *   <li>A platform thread gets its own {@link ThreadCache} on its first call, bound to the arena
 *       with the fewest threads, found later through a by-thread-id table (its cache slots for the
 *       allocator's fast paths, the cache itself for the slow paths), or through a
 *       {@link ThreadLocal} when another live thread holds its entry. A dead thread's cache, once
 *       reaped, is taken over whole by a later thread, so that a new thread's first calls allocate
 *       nothing on the Java heap (no cache, no arrays, no {@code ThreadLocal} map).
 *   <li>A virtual thread gets no cache of its own (a million of them must not each hold one): for
 *       the length of one call it borrows one of a fixed set of shared caches, claimed with a CAS
 *       on a busy flag, or — when all are busy — goes straight to an arena.
 *   <li>A thread that dies cannot tell us. Its cache is reclaimed ("reaped") by the next
 *       {@link #reapDead} — run when threads register, by {@code stats()}, {@code purge()} and the
 *       background purger — which flushes it to the arenas. {@link Thread#isAlive()} returning false
 *       happens-after everything the dead thread did, so reading its cache is safe.
 * </ul>
 */
public final class CacheRegistry {

    /** Slots of the by-thread-id table; a power of two. */
    public static final int BY_ID_SLOTS = 4096;
    /**
     * Ints from one shared cache's busy flag to the next: 128 bytes, so no two flags share a cache
     * line or the pair of lines that Intel's spatial prefetcher fetches together; otherwise every
     * virtual-thread call that claims or releases one shared cache would pull its neighbours' flags
     * away from the cores using them. The first flag sits one stride in, away from the array header.
     */
    static final int FLAG_STRIDE = 32;

    private final ThreadLocal<ThreadCache> local = new ThreadLocal<>();
    /**
     * Cache slots ({@link ThreadCache#slots()}) by {@code threadId & (BY_ID_SLOTS − 1)}: how the
     * allocator's fast paths find the caller's cache (a field load, an array load and an owner-word
     * compare, against about 2 ns for {@link ThreadLocal#get()}). A slot holds the first registered
     * thread that hashes to it; other threads of that slot use the ThreadLocal. Written under this
     * registry's lock; read without one — a reader only trusts an entry whose
     * {@code slots[CacheSlots.OWNER]} is its own thread id, which only its own {@link #bind} can
     * have stored (a reader that sees an entry before its contents reads an owner of 0, which no
     * thread has).
     */
    private final long[][] slotsById = new long[BY_ID_SLOTS][];
    /**
     * The caches whose slots {@link #slotsById} holds, at the same index: how {@link #local()}
     * finds the caller's cache without a {@code ThreadLocal} (whose first {@code get} on a thread
     * creates that thread's map, a Java heap allocation per new thread). Written under this
     * registry's lock; read without one by the owner thread only, which trusts an entry only when
     * its {@link ThreadCache#owner()} is itself (only its own {@link #bind} stores such an entry,
     * and only reaping it after its death removes it).
     */
    private final ThreadCache[] cachesById = new ThreadCache[BY_ID_SLOTS];
    /**
     * Whether any thread was ever given its cache through {@link #local} rather than the table:
     * until then {@link #local()} need not ask the {@code ThreadLocal}. Set by that thread itself,
     * before its {@code ThreadLocal.set}, so that it reads its own write; other threads have no
     * entry of their own to find whatever they read.
     */
    private volatile boolean anyLocal;
    private final Arena[] arenas;
    private final AddressMap map;
    private final int classes;
    private final int smallClasses;
    private final int[] regionsPerSlab;
    private final List<ThreadCache> caches = new ArrayList<>();
    private final ThreadCache[] shared;
    /** Reaped caches, flushed empty, that the next threads take over, at most {@value #SPARES}. Lock: this. */
    private final ArrayDeque<ThreadCache> spares = new ArrayDeque<>();
    private static final int SPARES = 64;
    /** Shared cache {@code i}'s busy flag is {@code busy[flagIndex(i)]}: 1 while a call holds it. */
    private final AtomicIntegerArray busy;
    private int registeredSinceReap;
    /** Fills and flushes of the caches reaped so far, so their work stays counted. */
    private long reapedFills;
    private long reapedFlushes;
    private boolean closed;

    /**
     * @param classes cached classes (0 disables thread caching, but threads still get an arena)
     */
    public CacheRegistry(Arena[] arenas, AddressMap map, int classes, int smallClasses, int[] regionsPerSlab) {
        this.arenas = arenas;
        this.map = map;
        this.classes = classes;
        this.smallClasses = smallClasses;
        this.regionsPerSlab = regionsPerSlab;
        this.shared = new ThreadCache[arenas.length];
        this.busy = new AtomicIntegerArray(flagIndex(arenas.length));
    }

    /** The index of shared cache {@code slot}'s busy flag. */
    static int flagIndex(int slot) {
        return (slot + 1) * FLAG_STRIDE;
    }

    /** The by-thread-id table of cache slots, for the allocator's inlined lookup (read-only to it). */
    public long[][] slotsByIdTable() {
        return slotsById;
    }

    /** The calling platform thread's cache, or null before its first call (and always on virtual threads). */
    public ThreadCache local() {
        Thread self = Thread.currentThread();
        ThreadCache cache = cachesById[(int) self.threadId() & (BY_ID_SLOTS - 1)];
        if (cache != null && cache.owner() == self) {
            return cache;
        }
        return anyLocal ? local.get() : null;
    }

    /**
     * Binds a cache to the calling platform thread and registers it: a reaped one taken over when
     * there is one, else a new one; entered in the by-thread-id table when the thread's entry is
     * free (a dead thread holding it is reaped first), else in the {@code ThreadLocal}.
     */
    public ThreadCache bind() {
        Thread self = Thread.currentThread();
        int slot = (int) self.threadId() & (BY_ID_SLOTS - 1);
        Arena arena;
        ThreadCache cache;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("allocator is closed");
            }
            if (++registeredSinceReap >= Math.max(16, caches.size() / 2)) {
                reapDeadLocked();
            }
            if (cachesById[slot] != null && !cachesById[slot].owner().isAlive()) {
                reapDeadLocked(); // a dead thread holds this thread's entry: free it
            }
            arena = leastLoaded();
            arena.threads().incrementAndGet();
            cache = spares.poll();
            if (cache != null) {
                cache.takeOver(self, arena);
            } else {
                cache = new ThreadCache(classes, smallClasses, regionsPerSlab, arena, arenas, map, self);
            }
            caches.add(cache);
            if (cachesById[slot] == null) {
                slotsById[slot] = cache.slots();
                cachesById[slot] = cache;
                return cache;
            }
        }
        anyLocal = true;
        local.set(cache);
        return cache;
    }

    /**
     * Claims a shared cache for one call of a virtual thread.
     *
     * @return the slot, or -1 when every shared cache is in use
     */
    public int acquireShared() {
        int n = shared.length;
        int start = (int) (Thread.currentThread().threadId() % n);
        for (int i = 0; i < n; i++) {
            int slot = start + i < n ? start + i : start + i - n;
            // The plain read skips a CAS on a flag that is visibly taken; the CAS is the claim and
            // (a full barrier) acquires what the cache's last holder wrote before its release.
            if (busy.getPlain(flagIndex(slot)) == 0 && busy.compareAndSet(flagIndex(slot), 0, 1)) {
                return slot;
            }
        }
        return -1;
    }

    /**
     * Shared cache {@code slot}, created on its first claim (so a program without virtual threads
     * holds none). Only the claimer of {@code slot} calls this; the creation is under this registry's
     * lock, so the locked readers see the cache or null, and {@link #flushIdleShared}'s claim (an
     * acquiring CAS on the flag the creator released) sees it.
     */
    public ThreadCache shared(int slot) {
        ThreadCache cache = shared[slot];
        return cache != null ? cache : createShared(slot);
    }

    private synchronized ThreadCache createShared(int slot) {
        ThreadCache cache = new ThreadCache(classes, smallClasses, regionsPerSlab, arenas[slot], arenas, map, null);
        if (closed) {
            cache.disable();
        }
        shared[slot] = cache;
        return cache;
    }

    /**
     * Releases a shared cache: a release store, so that every write this call made to the cache
     * happens-before the next claimer's CAS reads the flag; otherwise the next holder could pop a
     * stale slot. (Only release is needed: a volatile store would add a full fence per call.)
     */
    public void releaseShared(int slot) {
        busy.setRelease(flagIndex(slot), 0);
    }

    /** An arena for a call that has no cache (all shared caches busy). */
    public Arena arenaForUncached() {
        return arenas[(int) (Thread.currentThread().threadId() % arenas.length)];
    }

    /** Flushes and forgets the caches of threads that have ended. */
    public synchronized void reapDead() {
        reapDeadLocked();
    }

    /**
     * Fills and flushes of every cache, {@code [fills, flushes]}: the registered threads' caches,
     * the shared caches and the ones reaped so far. A cache in use by another thread right now is
     * read racily (see {@link ThreadCache#fills()}).
     */
    public synchronized long[] cacheWork() {
        long fills = reapedFills;
        long flushes = reapedFlushes;
        for (ThreadCache cache : caches) {
            fills += cache.fills();
            flushes += cache.flushes();
        }
        for (ThreadCache cache : shared) {
            if (cache != null) {
                fills += cache.fills();
                flushes += cache.flushes();
            }
        }
        return new long[] {fills, flushes};
    }

    /** Threads with a cache of their own, for the stats. */
    /**
     * Heap bytes of the thread caches' arrays (registered threads' and the shared ones) and of the
     * by-thread-id table, for the metadata figure.
     */
    public synchronized long metadataBytes() {
        long sum = HeapBytes.referenceArray(slotsById.length) + HeapBytes.referenceArray(cachesById.length);
        for (ThreadCache c : caches) {
            sum += c.metadataBytes();
        }
        for (ThreadCache c : shared) {
            sum += c != null ? c.metadataBytes() : 0;
        }
        for (ThreadCache c : spares) {
            sum += c.metadataBytes();
        }
        return sum;
    }

    public synchronized int registered() {
        return caches.size();
    }

    /**
     * The accounting totals of every registered thread's cache and of the shared caches, summed
     * (racy reads of the other threads' counters: see {@code CacheCounters}).
     *
     * @return {@code [threads, allocated, deallocated, hits, misses, fills, flushes]}
     */
    public synchronized long[] totals() {
        long[] sum = new long[7];
        sum[0] = caches.size();
        for (ThreadCache c : caches) {
            add(sum, c.totals());
        }
        for (ThreadCache c : shared) {
            if (c != null) {
                add(sum, c.totals());
            }
        }
        return sum;
    }

    /**
     * The requests pending in the registered threads' caches and the shared ones, by arena and
     * class ({@code [arena][class]}): read racily from the caches' slots (word-sized plain reads,
     * as for the other counters of live threads), exact for threads that are idle.
     */
    public synchronized long[][] pendingRequests() {
        long[][] sum = new long[arenas.length][SizeClasses.NUM_CLASSES];
        for (ThreadCache c : caches) {
            addPending(sum[c.arena().index], c);
        }
        for (ThreadCache c : shared) {
            if (c != null) {
                addPending(sum[c.arena().index], c);
            }
        }
        return sum;
    }

    private static void addPending(long[] sum, ThreadCache cache) {
        for (int c = 0; c < sum.length; c++) {
            sum[c] += cache.pendingRequests(c);
        }
    }

    private static void add(long[] sum, CacheCounters.Totals t) {
        sum[1] += t.allocated();
        sum[2] += t.deallocated();
        sum[3] += t.hits();
        sum[4] += t.misses();
        sum[5] += t.fills();
        sum[6] += t.flushes();
    }

    /** Flushes every shared cache that is not in use (for purge and stats). */
    public void flushIdleShared() {
        for (int slot = 0; slot < shared.length; slot++) {
            if (busy.compareAndSet(flagIndex(slot), 0, 1)) {
                try {
                    if (shared[slot] != null) {
                        shared[slot].flushAll();
                    }
                } finally {
                    releaseShared(slot);
                }
            }
        }
    }

    /**
     * Disables every cache so that any later call takes a slow path (which throws because the
     * allocator is closed). The caller guarantees no thread is inside the allocator.
     */
    public synchronized void close() {
        closed = true;
        for (ThreadCache cache : caches) {
            cache.disable();
        }
        for (ThreadCache cache : shared) {
            if (cache != null) {
                cache.disable();
            }
        }
        caches.clear();
        spares.clear();
        java.util.Arrays.fill(slotsById, null);
        java.util.Arrays.fill(cachesById, null);
    }

    /**
     * Reaps every dead thread's cache. A block that fails to go back (a double free the dead
     * thread made with free marks off reaches its slab here) does not stop the reaping: the flush
     * has already cleared that block's slot, so flushing again returns the rest; the cache is
     * unregistered and its arena's thread count dropped either way, and the first failure is
     * thrown once every dead cache is reaped (later ones suppressed in it).
     */
    private void reapDeadLocked() {
        registeredSinceReap = 0;
        RuntimeException failure = null;
        for (int i = caches.size() - 1; i >= 0; i--) {
            ThreadCache cache = caches.get(i);
            if (!cache.owner().isAlive()) {
                int slot = (int) cache.owner().threadId() & (BY_ID_SLOTS - 1);
                if (cachesById[slot] == cache) {
                    slotsById[slot] = null;
                    cachesById[slot] = null;
                }
                RuntimeException before = failure;
                failure = flushAllRecording(cache, failure);
                if (failure == before && spares.size() < SPARES) {
                    spares.push(cache); // flushed empty: a later thread takes it over
                }
                reapedFills += cache.fills();
                reapedFlushes += cache.flushes();
                cache.arena().threads().decrementAndGet();
                caches.set(i, caches.get(caches.size() - 1));
                caches.remove(caches.size() - 1);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Flushes {@code cache} until it is empty; returns the first failure so far (later ones suppressed in it). */
    private static RuntimeException flushAllRecording(ThreadCache cache, RuntimeException failure) {
        for (int attempts = 0; ; attempts++) {
            try {
                cache.flushAll();
                return failure;
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
                if (attempts > cache.slots().length) {
                    return failure; // every attempt clears at least one slot: cannot happen
                }
            }
        }
    }

    private Arena leastLoaded() {
        Arena best = arenas[0];
        for (Arena a : arenas) {
            if (a.threads().get() < best.threads().get()) {
                best = a;
            }
        }
        return best;
    }
}
