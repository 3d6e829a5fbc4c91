package org.jmalloc.stress.check;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Which thread's live blocks occupy each cache line, to prove that blocks allocated by different
 * threads never share one (false sharing). Thread-safe.
 *
 * <p>Invariant: every line maps to one thread and the number of that thread's live blocks on it.
 * A block claims its lines after the allocator returns it and releases them before it is freed,
 * so a line that passes from one thread to another through a free is never reported.
 */
public final class CacheLineOwners {

    private final long lineSize;
    private final ConcurrentHashMap<Long, Owner> lines = new ConcurrentHashMap<>();

    private record Owner(long thread, String name, int blocks) {}

    /** @param lineSize the cache line size in bytes, a power of two */
    public CacheLineOwners(long lineSize) {
        if (lineSize <= 0 || Long.bitCount(lineSize) != 1) {
            throw new IllegalArgumentException("invalid cache line size " + lineSize + ": must be a power of two");
        }
        this.lineSize = lineSize;
    }

    /** The line size in bytes. */
    public long lineSize() {
        return lineSize;
    }

    /**
     * Claims the lines of {@code [start, start + size)} for the calling thread.
     *
     * @return null, or the name of the other thread that has a live block on one of the lines
     */
    public String claim(long start, long size) {
        Thread me = Thread.currentThread();
        long id = me.threadId();
        String[] conflict = new String[1];
        for (long line = start & -lineSize; line < start + size; line += lineSize) {
            lines.compute(line, (k, o) -> {
                if (o == null) {
                    return new Owner(id, me.getName(), 1);
                }
                if (o.thread() != id) {
                    conflict[0] = o.name() + String.format(" (line 0x%x)", k);
                    return o;
                }
                return new Owner(id, o.name(), o.blocks() + 1);
            });
        }
        return conflict[0];
    }

    /** Releases the lines the calling thread claimed for {@code [start, start + size)}. */
    public void release(long start, long size) {
        long id = Thread.currentThread().threadId();
        for (long line = start & -lineSize; line < start + size; line += lineSize) {
            lines.computeIfPresent(line, (k, o) -> {
                if (o.thread() != id) {
                    return o;
                }
                return o.blocks() == 1 ? null : new Owner(id, o.name(), o.blocks() - 1);
            });
        }
    }
}
