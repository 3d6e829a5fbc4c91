package org.jmalloc.allocator.os;

/**
 * What the allocator tells the kernel about transparent huge pages for the memory it maps
 * ({@code AllocatorBuilder.thp}), as jemalloc's {@code opt.thp}: nothing, huge pages wanted, or
 * huge pages refused. The advice is given once per mapping, right after {@code mmap}, and covers
 * the whole mapping; {@code /proc/self/smaps} then shows the mapping's {@code VmFlags} with
 * {@code hg} or {@code nh}. A kernel without transparent huge pages refuses the advice, and the
 * allocator then maps without it.
 */
public enum Thp {
    /** No advice: the kernel's own setting ({@code /sys/kernel/mm/transparent_hugepage/enabled}) decides. */
    DEFAULT,
    /**
     * {@code madvise(MADV_HUGEPAGE)}: back the mappings with huge pages where the kernel can (with
     * the kernel in {@code madvise} mode, only advised memory gets them). Fewer TLB misses; a
     * freed range inside a huge page keeps it resident until the kernel splits it.
     */
    ALWAYS,
    /** {@code madvise(MADV_NOHUGEPAGE)}: never huge pages, even with the kernel in {@code always} mode. */
    NEVER
}
