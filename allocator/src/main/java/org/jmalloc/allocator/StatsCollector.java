package org.jmalloc.allocator;

import java.util.ArrayList;
import java.util.List;
import org.jmalloc.allocator.arena.Arena;
import org.jmalloc.allocator.extent.AddressMap;
import org.jmalloc.allocator.extent.MappedMemory;
import org.jmalloc.allocator.extent.PageAllocator;
import org.jmalloc.allocator.extent.PageIndex;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.jmalloc.allocator.slab.SlabGuards;
import org.jmalloc.allocator.tcache.CacheRegistry;

/**
 * Takes a {@link Stats} snapshot: reaps dead threads' caches, then reads every arena's counters
 * with all arenas' locks held (bins then pages, arena by arena in index order: the lock order of
 * {@link Arena}), so the figures agree with each other.
 */
final class StatsCollector {

    private final SizeClasses classes;
    private final Arena[] arenas;
    private final AddressMap map;
    private final CacheRegistry registry;
    /** The background purger, or null. */
    private final BackgroundPurger purger;
    private final WorkCounters slowPaths;
    private final MappedMemory memory;
    /** The allocator's {@link PageIndex} owner id, for its share of the index. */
    private final int owner;
    /** Guarded slabs (their pages are outside the arenas' page counters), or null. */
    private final SlabGuards slabGuards;

    StatsCollector(SizeClasses classes, Arena[] arenas, AddressMap map, CacheRegistry registry,
                   BackgroundPurger purger, WorkCounters slowPaths, MappedMemory memory, int owner,
                   SlabGuards slabGuards) {
        this.owner = owner;
        this.slabGuards = slabGuards;
        this.slowPaths = slowPaths;
        this.memory = memory;
        this.classes = classes;
        this.arenas = arenas;
        this.map = map;
        this.registry = registry;
        this.purger = purger;
    }

    Stats collect() {
        registry.reapDead();
        int smallCount = classes.smallCount();
        List<Stats.ArenaStats> perArena = new ArrayList<>(arenas.length);
        Stats.SizeClassStats[] total = new Stats.SizeClassStats[smallCount];
        Stats.LargeClassStats[] largeTotal = new Stats.LargeClassStats[SizeClasses.NUM_CLASSES];
        long allocated = 0;
        long active = 0;
        long dirty = 0;
        long muzzy = 0;
        long retained = 0;
        long metadata = map.metadataBytes() + PageIndex.metadataBytes(owner);
        long locks = 0;
        long contended = 0;
        // The caches' pending requests: read before the arenas' locks, since reaping takes the
        // registry's lock and then bin locks.
        long[][] pending = registry.pendingRequests();
        // Every bin lock before every page lock (the lock order of Arena).
        for (Arena a : arenas) {
            a.lockBins();
        }
        for (Arena a : arenas) {
            a.lockPages();
        }
        try {
            for (Arena a : arenas) {
                List<Stats.SizeClassStats> bins = new ArrayList<>(smallCount);
                for (long[] row : a.binCounters()) {
                    int c = (int) row[0];
                    Stats.SizeClassStats s = new Stats.SizeClassStats(c, classes.sizeOf(c),
                            (long) classes.slabPages(c) * classes.pageSize(), classes.regionsPerSlab(c),
                            row[1], row[2], a.requests(c) + pending[a.index][c], row[3], row[4], row[5], row[6], row[7],
                            new Stats.LockStats(row[8], row[9], row[10], row[11]));
                    bins.add(s);
                    total[c] = total[c] == null ? s : total[c].plus(s);
                }
                List<Stats.LargeClassStats> lextents = new ArrayList<>();
                for (int c = smallCount; c < SizeClasses.NUM_CLASSES; c++) {
                    long requests = a.requests(c) + pending[a.index][c];
                    if (a.largeMallocs(c) == 0 && requests == 0) {
                        continue; // never served: left out, as the report leaves out unused bins
                    }
                    Stats.LargeClassStats l = new Stats.LargeClassStats(c, classes.sizeOf(c), a.largeMallocs(c),
                            a.largeFrees(c), requests);
                    lextents.add(l);
                    largeTotal[c] = largeTotal[c] == null ? l : largeTotal[c].plus(l);
                }
                long small = a.smallAllocated();
                long large = a.largeAllocated();
                PageAllocator pages = a.pages();
                perArena.add(new Stats.ArenaStats(a.index, a.threads().get(), small, large, pages.activeBytes(),
                        pages.dirtyBytes(), pages.muzzyBytes(), pages.retainedBytes(), a.largeMallocs(),
                        a.largeFrees(), pages.purges(), pages.purgedBytes(), bins, lextents,
                        Stats.LockStats.of(a.pageLockCounts())));
                allocated += small + large;
                active += pages.activeBytes();
                dirty += pages.dirtyBytes();
                muzzy += pages.muzzyBytes();
                retained += pages.retainedBytes();
                metadata += a.metadataBytes();
                Stats.LockStats arenaLocks = perArena.getLast().locks();
                locks += arenaLocks.acquisitions();
                contended += arenaLocks.contended();
            }
        } finally {
            for (int i = arenas.length - 1; i >= 0; i--) {
                arenas[i].unlockPages();
            }
            for (int i = arenas.length - 1; i >= 0; i--) {
                arenas[i].unlockBins();
            }
        }
        if (slabGuards != null) {
            active += slabGuards.liveBytes(); // their regions are in the bins' counts: allocated ≤ active holds
        }
        metadata += registry.metadataBytes();
        long[] t = registry.totals();
        return new Stats(allocated, active, metadata, active + dirty + metadata, active + dirty + muzzy, retained,
                perArena, List.of(total), nonNull(largeTotal), purger != null ? purger.failures() : 0, work(locks, contended),
                new Stats.ThreadTotals(t[0], t[1], t[2], t[3], t[4], t[5], t[6]));
    }

    private static List<Stats.LargeClassStats> nonNull(Stats.LargeClassStats[] byClass) {
        List<Stats.LargeClassStats> out = new ArrayList<>();
        for (Stats.LargeClassStats l : byClass) {
            if (l != null) {
                out.add(l);
            }
        }
        return out;
    }

    private WorkCounts work(long locks, long contended) {
        long[] cacheWork = registry.cacheWork();
        return new WorkCounts(slowPaths.mallocSlow.sum(), slowPaths.freeSlow.sum(), cacheWork[0], cacheWork[1], locks,
                contended, memory.mmapCalls(), memory.munmapCalls(), memory.madviseCalls());
    }
}
