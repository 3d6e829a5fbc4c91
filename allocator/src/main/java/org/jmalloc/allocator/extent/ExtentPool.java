package org.jmalloc.allocator.extent;

/**
 * One arena's pool of {@link Extent} records: recycled records are handed out again, so splitting,
 * coalescing and freeing page runs allocates no Java object once the pool has grown to the arena's
 * peak number of runs. The pool is a stack linked through {@code Extent.newer} (a pooled record is in
 * no age list). Not thread-safe: the arena's page lock guards it.
 */
final class ExtentPool {

    /**
     * Heap bytes of one record: a 12-byte header, four longs, six ints, five references and three
     * bytes, padded to 8 (96 with compressed references); the bitmap is counted by its bin.
     */
    static final long EXTENT_BYTES = HeapBytes.align(12 + 4 * 8 + 6 * 4 + 5L * HeapBytes.REFERENCE + 3);

    private final int arena;
    private Extent pool;
    private long created;

    ExtentPool(int arena) {
        this.arena = arena;
    }

    /** A record from the pool (or a new one: the only Java allocation of the page allocator), owned by this arena. */
    Extent obtain() {
        Extent e = pool;
        if (e != null) {
            pool = e.newer;
            e.newer = null;
        } else {
            e = new Extent();
            created++;
        }
        e.arena = arena;
        return e;
    }

    /** Takes a record back: it is reset ({@link Extent#UNUSED}) and handed out by a later {@link #obtain()}. */
    void recycle(Extent e) {
        e.reset();
        e.newer = pool;
        pool = e;
    }

    /** Heap bytes of every record this pool has created (records are never given back to the GC). */
    long metadataBytes() {
        return created * EXTENT_BYTES;
    }
}
