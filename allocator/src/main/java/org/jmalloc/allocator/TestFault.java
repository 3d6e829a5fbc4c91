package org.jmalloc.allocator;

/**
 * Test-only faults ({@link AllocatorBuilder#testFault}), to prove that integrity checks can fail. A
 * fault lives in a subclass of the slow paths ({@link OverlapFault}) that only an allocator built
 * with it instantiates; the production paths have no branch for it.
 */
public enum TestFault {
    NONE,
    /**
     * Once, a small allocation returns the address of a block of the same class that is still
     * live (an overlapping block): the first allocation of a class whose previous block has not
     * been freed. Disables thread caching.
     */
    OVERLAP_ONCE
}
