package org.jmalloc.allocator;

import java.time.Duration;
import org.jmalloc.allocator.os.Thp;
import org.jmalloc.allocator.sizeclass.SizeClasses;

/**
 * An allocator's effective configuration ({@link Allocator#config()}): the builder's settings with
 * every default filled in and every derived figure computed, as the allocator uses them.
 *
 * @param arenas number of arenas
 * @param threadCache whether platform threads cache blocks
 * @param threadCacheMaxSize the largest size class cached (0 when caching is off)
 * @param dirtyDecay time for unused dirty pages to be purged (negative: never)
 * @param muzzyDecay time for lazily purged pages to be released (negative: never)
 * @param backgroundPurge whether a background thread drives decay
 * @param pageSize the logical page size
 * @param osPageSize the OS page size
 * @param maxBytes the most bytes the allocator maps
 * @param smallMaxSize the largest small class
 * @param smallClasses number of small classes
 * @param maxSize the largest request accepted
 * @param freeMarks whether freed blocks are marked to catch double frees in thread caches
 * @param thp the transparent-huge-page advice every mapping gets
 */
public record AllocatorConfig(int arenas, boolean threadCache, long threadCacheMaxSize, Duration dirtyDecay,
                              Duration muzzyDecay, boolean backgroundPurge, long pageSize, long osPageSize,
                              long maxBytes, long smallMaxSize, int smallClasses, long maxSize, boolean freeMarks,
                              Thp thp) {

    /**
     * The effective configuration of {@code b} on a machine with the given OS page size and CPU
     * count. A test fault turns the thread cache off (the fault must see every allocation), and so do the
     * per-call safety options and a listener (they run on the checked slow path).
     *
     * @throws IllegalArgumentException when the page size is below the OS page or not a power of two
     */
    static AllocatorConfig resolve(AllocatorBuilder b, long osPage, int cpus) {
        long page = b.pageSize > 0 ? b.pageSize : osPage;
        if (page < osPage || Long.bitCount(page) != 1) {
            throw new IllegalArgumentException("invalid page size " + page
                    + ": must be a power of two and at least the OS page size " + osPage);
        }
        SizeClasses classes = new SizeClasses(page);
        boolean cache = b.threadCache && b.testFault == TestFault.NONE && !b.checkedPath();
        long tcacheMax = Math.min(b.threadCacheMaxSize, SizeClasses.MAX_SIZE);
        return new AllocatorConfig(b.arenas > 0 ? b.arenas : 4 * cpus, cache,
                cache && tcacheMax > 0 ? SizeClasses.roundUp(tcacheMax) : 0, b.dirtyDecay, b.muzzyDecay,
                b.backgroundPurge, page, osPage, b.maxBytes, classes.smallMax(), classes.smallCount(),
                SizeClasses.MAX_SIZE, b.freeMarks, b.thp);
    }

    /** Classes {@code 0 .. cachedClasses() − 1} are thread-cached (0 when caching is off). */
    int cachedClasses() {
        return threadCacheMaxSize == 0 ? 0 : SizeClasses.index(threadCacheMaxSize) + 1;
    }
}
