package org.jmalloc.allocator.os.archfixture;

import org.jmalloc.allocator.tcache.ThreadCache;

/**
 * Deliberately bad: an os-layer class that reaches up into the thread cache. Only
 * {@code AllocatorLayersFailTest} imports it, to prove the layering rule reports it.
 */
public final class OsLayerReachingUp {

    private OsLayerReachingUp() {
    }

    public static int gcInterval() {
        return ThreadCache.GC_INTERVAL;
    }

    public static Class<?> cacheType() {
        return ThreadCache.class;
    }
}
