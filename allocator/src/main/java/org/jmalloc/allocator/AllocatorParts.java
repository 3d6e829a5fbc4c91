package org.jmalloc.allocator;

import java.time.Duration;
import org.jmalloc.allocator.arena.Arena;
import org.jmalloc.allocator.extent.AddressMap;
import org.jmalloc.allocator.extent.MappedMemory;
import org.jmalloc.allocator.extent.PageIndex;
import org.jmalloc.allocator.extent.PagePeers;
import org.jmalloc.allocator.os.Hardware;
import org.jmalloc.allocator.os.OsMemory;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.jmalloc.allocator.slab.SlabGuards;
import org.jmalloc.allocator.tcache.CacheRegistry;

/**
 * The parts one {@link Allocator} is made of, built from its builder's settings and wired in
 * dependency order: the OS layer, the arenas over it, the thread-cache registry over the arenas,
 * then the diagnostics, slow paths, background purger and stats that use them; the control
 * namespace is built on its first use. The allocator copies the few values its fast paths read
 * into final fields of its own and reaches everything else through this object.
 */
final class AllocatorParts {

    final Observability obs;
    final AllocatorConfig config;
    final SizeClasses classes;
    /** A secret odd word that free marks are derived from ({@link FreeMarks}). */
    final long secret;
    /** This allocator's {@link PageIndex} owner id, released by {@link Shutdown}. */
    final int owner;
    final MappedMemory memory;
    final Arena[] arenas;
    /** Guard pages around every Nth slab, or null when {@code SafetyOptions.guardSlabEvery} is 0. */
    final SlabGuards slabGuards;
    final CacheRegistry registry;
    final BlockDiagnostics diagnostics;
    /** The plain slow paths, or the checked ones (safety options, listener), or a test fault's. */
    final SlowPaths slow;
    /** The background purger, or null when {@code backgroundPurge} is off. */
    final BackgroundPurger purger;
    final StatsCollector statsCollector;
    /** Built by the first {@link #control}; guarded by this. */
    private Control control;

    AllocatorParts(AllocatorBuilder b) {
        Hardware hw = b.hardware != null ? b.hardware : Hardware.detect();
        this.obs = new Observability(b);
        OsMemory os = new ObservedOsMemory(b.osMemory != null ? b.osMemory : OsMemory.system(), obs.name);
        this.config = AllocatorConfig.resolve(b, os.pageSize(), hw.cpus());
        long page = config.pageSize();
        this.classes = new SizeClasses(page);
        int cachedClasses = config.cachedClasses();
        this.secret = new java.security.SecureRandom().nextLong() | 1;
        boolean marks = config.freeMarks();
        AddressMap map = new AddressMap(Long.numberOfTrailingZeros(page));
        this.owner = PageIndex.newOwner();
        this.memory = new MappedMemory(os, page, config.maxBytes(), config.thp());
        this.arenas = new Arena[config.arenas()];
        PagePeers peers = new PagePeers(arenas.length);
        this.slabGuards = b.safety.guardSlabEvery() > 0 ? new SlabGuards(memory, page, b.safety.guardSlabEvery()) : null;
        for (int i = 0; i < arenas.length; i++) {
            arenas[i] = new Arena(i, classes, memory, map, nanos(config.dirtyDecay()), nanos(config.muzzyDecay()),
                    owner, cachedClasses, peers, slabGuards);
        }
        int[] regions = new int[classes.smallCount()];
        for (int i = 0; i < regions.length; i++) {
            regions[i] = classes.runRegions(i);
        }
        this.registry = new CacheRegistry(arenas, map, cachedClasses, classes.smallCount(), regions);
        this.diagnostics = new BlockDiagnostics(map, memory, classes, marks, secret);
        GuardedBlocks guards = b.safety.guardLargeEvery() > 0
                ? new GuardedBlocks(memory, map, page, b.safety.guardLargeEvery()) : null;
        this.slow = b.testFault == TestFault.OVERLAP_ONCE
                ? new OverlapFault(classes, secret, marks, arenas, registry, diagnostics, memory, obs, cachedClasses,
                        guards)
                : b.checkedPath()
                ? new CheckedPaths(classes, secret, marks, arenas, registry, diagnostics, memory, obs, cachedClasses,
                        guards, b.safety, b.listener)
                : new SlowPaths(classes, secret, marks, arenas, registry, diagnostics, memory, obs, cachedClasses,
                        guards);
        this.purger = config.backgroundPurge()
                ? new BackgroundPurger(arenas, registry, config.dirtyDecay(), config.muzzyDecay()) : null;
        this.statsCollector = new StatsCollector(classes, arenas, map, registry, purger, slow.work, memory, owner,
                slabGuards);
    }

    /** The control namespace of {@code allocator}, the allocator made of these parts; built on the first call. */
    synchronized Control control(Allocator allocator) {
        if (control == null) {
            control = new Control(ControlNames.of(allocator, this));
        }
        return control;
    }

    /** A decay time in nanoseconds for the arenas: -1 for a negative one (never decay). */
    private static long nanos(Duration d) {
        return d.isNegative() ? -1 : d.toNanos();
    }
}
