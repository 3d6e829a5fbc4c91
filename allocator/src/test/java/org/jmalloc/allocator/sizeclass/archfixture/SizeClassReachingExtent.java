package org.jmalloc.allocator.sizeclass.archfixture;

import org.jmalloc.allocator.extent.PageIndex;

/**
 * Deliberately bad: a sizeclass-layer class that depends on the extent layer. Only
 * {@code AllocatorLayersFailTest} imports it, to prove sizeclass may depend on nothing.
 */
public final class SizeClassReachingExtent {

    private SizeClassReachingExtent() {
    }

    public static long entryOf(long address) {
        return PageIndex.entry(address);
    }
}
