package org.jmalloc.allocator.os;

/**
 * Where the allocator's memory comes from: the only place that talks to the OS about memory.
 *
 * <p>Preconditions every caller keeps: addresses and sizes passed back are multiples of
 * {@link #pageSize()}, and ranges lie inside memory this object mapped — possibly across two or
 * more adjacent mappings, since the allocator coalesces free memory across mapping boundaries (Linux
 * accepts such ranges for {@code madvise} and {@code munmap}). Implementations are
 * thread-safe. Wrappers (fault injection, accounting) implement this interface around
 * {@link #system()}.
 */
public interface OsMemory {

    /** The OS page size in bytes, a power of two. */
    long pageSize();

    /**
     * Maps {@code size} bytes of zeroed, readable and writable anonymous memory.
     *
     * @param size bytes, a positive multiple of {@link #pageSize()}
     * @return the page-aligned address of the mapping, never 0
     * @throws OutOfMemoryError naming the size and the OS error when the OS refuses
     */
    long map(long size);

    /** Returns a range of a mapping to the OS; the addresses become invalid. */
    void unmap(long address, long size);

    /**
     * Tells the OS it may reclaim the pages lazily ({@code MADV_FREE}): their contents become
     * undefined, but they stay mapped and a write makes them ours again.
     *
     * @return false when the OS does not support lazy purging (the caller purges forcibly instead)
     */
    boolean purgeLazy(long address, long size);

    /**
     * Releases the pages now ({@code MADV_DONTNEED}): they stay mapped and read as zero afterwards.
     *
     * @throws IllegalStateException naming the range and the OS error when the OS refuses
     */
    void purgeForced(long address, long size);

    /**
     * Makes a range inaccessible ({@code PROT_NONE}: any access faults with {@code SIGSEGV}) or
     * readable and writable again: how guard pages are set up and taken down.
     *
     * @throws UnsupportedOperationException when this memory cannot protect pages (the default)
     * @throws IllegalStateException naming the range and the OS error when the OS refuses
     */
    default void protect(long address, long size, boolean accessible) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot protect pages, so it cannot "
                + "back guard pages: use OsMemory.system() or a wrapper that delegates protect()");
    }

    /**
     * Advises the kernel to back a range with transparent huge pages ({@code MADV_HUGEPAGE}, when
     * {@code huge}) or never to ({@code MADV_NOHUGEPAGE}). A hint: nothing the allocator does
     * depends on it being taken.
     *
     * @return false when the advice was refused (a kernel without transparent huge pages), and
     *     always for memory that has no such advice (the default)
     */
    default boolean adviseHugePages(long address, long size, boolean huge) {
        return false;
    }

    /** The operating system's memory, through {@code mmap}/{@code madvise}/{@code munmap}. */
    static OsMemory system() {
        return LinuxOsMemory.INSTANCE;
    }
}
