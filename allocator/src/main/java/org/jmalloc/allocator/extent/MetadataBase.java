package org.jmalloc.allocator.extent;

import org.jmalloc.allocator.os.OsMemory;

/**
 * Bookkeeping memory outside the Java heap, in mappings of the allocator's own: jemalloc's base
 * allocator. Carves blocks out of {@value #CHUNK_MIB} MiB chunks, lowest address first, and never
 * takes a block back: its users keep what they no longer need on free lists of their own (as
 * jemalloc keeps metadata), so the memory here is bounded by their peak.
 *
 * <h2>Why off the heap</h2>
 * A slab's bitmap on the Java heap is a {@code long[]} that the thread opening the slab allocates,
 * and a thread's first heap allocation takes a thread-local allocation buffer (512 KiB with a 1 GiB
 * heap) of fresh eden: a thousand short-lived threads that each open a few slabs touched hundreds of
 * MiB of eden, the collector ran, and the process kept 20–30 MiB more resident after every block was
 * freed and purged ({@code ThreadChurnFootprint}), far more than the bitmaps themselves. Here a new
 * slab's bitmap costs the bytes it uses: a chunk's pages become resident only as blocks reach them.
 *
 * <p>Chunks are mapped through {@link MappedMemory} (counted as its system calls and given the same
 * huge-page advice, and under the allocator's {@code maxBytes}, but outside {@code stats.mapped}, which
 * is the memory for blocks; the carved bytes are in {@code stats.metadata}), and unmapped when the allocator
 * closes; a block's address is valid until then. Thread-safe: blocks are carved under this object's
 * lock, taken rarely (a bin takes bitmaps in batches) and with a bin lock held, never the other way
 * round.
 */
public final class MetadataBase {

    static final int CHUNK_MIB = 1;
    private static final long CHUNK = (long) CHUNK_MIB << 20;
    /** Every block starts on a cache line, so blocks of different arenas' bins never share one. */
    static final long ALIGNMENT = 64;

    private final OsMemory os;
    private final MappedMemory counter;
    private long next;
    private long end;
    /** Base and size of every chunk, for {@link #close()}; grown by doubling. */
    private long[] chunks = new long[16];
    private int chunkWords;
    private long carved;
    private long mapped;
    private boolean closed;

    MetadataBase(OsMemory os, MappedMemory counter) {
        this.os = os;
        this.counter = counter;
    }

    /**
     * A block of {@code bytes} (rounded up to {@value #ALIGNMENT}), aligned to {@value #ALIGNMENT}, whose contents
     * are undefined (zero when fresh, whatever its user left when it was one of theirs).
     *
     * @throws OutOfMemoryError naming the size when the OS refuses a chunk
     * @throws IllegalStateException when the allocator is closed
     */
    public synchronized long allocate(long bytes) {
        if (closed) {
            throw new IllegalStateException("allocator is closed");
        }
        if (bytes <= 0) {
            throw new IllegalArgumentException("metadata block of " + bytes + " bytes");
        }
        long size = (bytes + ALIGNMENT - 1) & -ALIGNMENT;
        long block;
        if (size > CHUNK) {
            block = mapChunk((size + os.pageSize() - 1) & -os.pageSize()); // its own mapping: the chunk stays current
        } else {
            if (size > end - next) {
                next = mapChunk(CHUNK); // the rest of the previous chunk stays unused (less than this block)
                end = next + CHUNK;
            }
            block = next;
            next += size;
        }
        carved += size;
        return block;
    }

    /** Maps and records a chunk of {@code bytes}. */
    private long mapChunk(long bytes) {
        long base;
        try {
            base = counter.mapMetadata(bytes);
        } catch (MappedMemory.LimitExceeded limit) {
            throw limit; // the signal the limit reclaim answers
        } catch (OutOfMemoryError e) {
            throw new OutOfMemoryError("cannot map " + bytes + " bytes for the allocator's metadata: " + e.getMessage());
        }
        if (chunkWords == chunks.length) {
            chunks = java.util.Arrays.copyOf(chunks, 2 * chunks.length);
        }
        chunks[chunkWords++] = base;
        chunks[chunkWords++] = bytes;
        mapped += bytes;
        return base;
    }

    /** Bytes handed out so far (none is ever taken back). */
    public synchronized long carvedBytes() {
        return carved;
    }

    /** Bytes of address space mapped for metadata: at least {@link #carvedBytes()}, resident only where carved. */
    public synchronized long mappedBytes() {
        return mapped;
    }

    /** Unmaps every chunk; later {@link #allocate} calls throw. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = 0; i < chunkWords; i += 2) {
            counter.osUnmapMetadata(chunks[i], chunks[i + 1]);
        }
        chunkWords = 0;
        next = end = 0;
    }
}
