package org.jmalloc.allocator.extent;

/**
 * One arena's pool of {@link Extent} records: recycled records are handed out again, so splitting,
 * coalescing and freeing page runs allocates no Java object once the pools have grown to the
 * allocator's peak number of runs. The pool is a stack linked through {@code Extent.newer} (a pooled
 * record is in no age list). Records are created {@value #BATCH} at a time, and a pool with more than
 * two batches' worth gives one to the allocator's {@link ExtentDepot}, where a pool that runs dry
 * takes one before creating any; when the depot has none, the pool creates a share of what it has
 * ({@link #growth}). Not thread-safe: the arena's page lock guards it.
 */
final class ExtentPool {

    /**
     * Records given to or taken from the depot at once, and the fewest created at once: metadata
     * grows in batches as jemalloc's base allocator grows in blocks, so that of many threads opening
     * slabs few allocate on the Java heap at all (each thread that allocates takes a TLAB of its own).
     */
    static final int BATCH = 256;
    /** The most records created at once (384 KiB of heap with compressed references). */
    static final int MAX_GROWTH = 4096;

    /**
     * Heap bytes of one record: a 12-byte header, five longs, six ints, four references and three
     * bytes, padded to 8 (96 with compressed references); the bitmap is counted by its bin.
     */
    static final long EXTENT_BYTES = HeapBytes.align(12 + 5 * 8 + 6 * 4 + 4L * HeapBytes.REFERENCE + 3);

    private final int arena;
    /** Shared with the allocator's other arenas, or null (a page allocator alone, in tests). */
    private final ExtentDepot depot;
    private Extent pool;
    private int size;
    private long created;

    ExtentPool(int arena, ExtentDepot depot) {
        this.arena = arena;
        this.depot = depot;
    }

    /**
     * A record from the pool, refilled from the depot or with new records when it is empty (the page
     * allocator's only Java allocation).
     */
    Extent obtain() {
        if (pool == null) {
            refill();
        }
        Extent e = pool;
        pool = e.newer;
        e.newer = null;
        size--;
        e.arena = arena;
        return e;
    }

    /** Takes a record back: it is reset ({@link Extent#UNUSED}) and handed out by a later {@link #obtain()}. */
    void recycle(Extent e) {
        e.reset();
        e.newer = pool;
        pool = e;
        if (++size >= 2 * BATCH && depot != null) {
            spill();
        }
    }

    private void refill() {
        Extent chain = depot != null ? depot.take() : null;
        int n = BATCH;
        if (chain == null) {
            n = growth(depot != null ? depot.created() : created);
            for (int i = 0; i < n; i++) {
                Extent e = new Extent();
                e.newer = chain;
                chain = e;
            }
            created += n;
            if (depot != null) {
                depot.addCreated(n);
            }
        }
        pool = chain;
        size = n;
    }

    /**
     * Records to create when a pool runs dry and the depot has none, {@code created} having been created so far (by
     * every arena, when they share a depot): half as many, at least {@value #BATCH} and at most {@value #MAX_GROWTH},
     * so that a program whose records grow to N allocates in O(log N) batches, on as few threads (each allocating
     * thread takes a buffer of fresh heap of its own), and holds at most half its peak or {@value #MAX_GROWTH}
     * records more than it needs.
     */
    static int growth(long created) {
        return (int) Math.clamp(created / 2, BATCH, MAX_GROWTH);
    }

    /** Gives the depot the first {@value #BATCH} records of the pool. */
    private void spill() {
        Extent head = pool;
        Extent last = head;
        for (int i = 1; i < BATCH; i++) {
            last = last.newer;
        }
        pool = last.newer;
        last.newer = null;
        size -= BATCH;
        depot.put(head);
    }

    /** Heap bytes of every record this pool has created (records are never given back to the GC). */
    long metadataBytes() {
        return created * EXTENT_BYTES;
    }
}
