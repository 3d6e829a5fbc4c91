/**
 * jmalloc: a jemalloc-class off-heap allocator over memory mapped from the OS.
 *
 * <p>Only the public API ({@code org.jmalloc.allocator}) and the OS layer's interface
 * ({@code org.jmalloc.allocator.os}, so tools can inject faults and read hardware facts) are
 * exported; size classes, extents, slabs, arenas and thread caches are internal.
 */
module org.jmalloc.allocator {
    exports org.jmalloc.allocator;
    exports org.jmalloc.allocator.os;
    exports org.jmalloc.allocator.sizeclass;
}
