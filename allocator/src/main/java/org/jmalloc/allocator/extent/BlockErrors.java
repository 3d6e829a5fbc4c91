package org.jmalloc.allocator.extent;

/**
 * The one place the "already free" message is written. Several layers find that a block is free
 * when the caller says it is live — the slab bitmap (slab), a large extent's state (arena), the
 * free mark and the extent state (the allocator) — and all throw what {@link #alreadyFree} returns,
 * so the application sees one message whichever layer noticed.
 */
public final class BlockErrors {

    private BlockErrors() {
    }

    /**
     * {@code "<op> of 0x…: the block is already free"}.
     *
     * @param op what the caller did: {@code "double free"} for a free, else the method name
     *     ({@code "realloc"}, {@code "usableSize"})
     */
    public static IllegalStateException alreadyFree(String op, long address) {
        return new IllegalStateException(String.format("%s of 0x%x: the block is already free", op, address));
    }

    /** {@link #alreadyFree} for a {@code free}: {@code "double free of 0x…: the block is already free"}. */
    public static IllegalStateException doubleFree(long address) {
        return alreadyFree("double free", address);
    }
}
