package org.jmalloc.allocator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jmalloc.allocator.control.Access;
import org.jmalloc.allocator.control.ControlEntry;

/**
 * The names of {@link Allocator#control()}, bound to the allocator: every entry of the README's
 * control table comes from here (and {@code ControlNamesReadmeTest} checks the two agree).
 *
 * <p>{@code stats.*} names read the snapshot of the current {@code epoch}, as in jemalloc: writing
 * {@code epoch} takes a new one (the first {@code stats.*} read takes one if none exists), so that
 * names read one after the other agree with each other. Everything else reads live values.
 */
final class ControlNames {

    private final Allocator allocator;
    /** The parts behind the names that the public API does not show. */
    private final AllocatorParts in;
    private final List<ControlEntry> entries = new ArrayList<>();
    private Stats snapshot;
    private long epoch;

    private ControlNames(Allocator allocator, AllocatorParts in) {
        this.allocator = allocator;
        this.in = in;
    }

    static List<ControlEntry> of(Allocator allocator, AllocatorParts in) {
        ControlNames n = new ControlNames(allocator, in);
        n.register();
        return List.copyOf(n.entries);
    }

    private synchronized Stats stats() {
        if (snapshot == null) {
            snapshot = allocator.stats();
        }
        return snapshot;
    }

    private synchronized long epoch() {
        return epoch;
    }

    private synchronized void advanceEpoch() {
        snapshot = allocator.stats();
        epoch++;
    }

    private void register() {
        AllocatorConfig c = allocator.config();
        entries.add(new ControlEntry("epoch", "epoch", Long.class, Access.READ_WRITE,
                "Stats epoch: reading gives its number; writing any value takes a new stats snapshot for the stats.* names",
                this::epoch, v -> advanceEpoch()));

        // ---- configuration ------------------------------------------------------------------
        ro("opt.thread_cache", Boolean.class, "Whether platform threads cache free blocks (Builder.threadCache)",
                c::threadCache);
        ro("opt.dirty_decay_ms", Long.class, "Builder.dirtyDecay in ms (-1: never purged by decay)",
                () -> ms(c.dirtyDecay()));
        ro("opt.muzzy_decay_ms", Long.class, "Builder.muzzyDecay in ms (-1: never)", () -> ms(c.muzzyDecay()));
        ro("opt.background_purge", Boolean.class, "Whether a background thread drives decay", c::backgroundPurge);
        ro("opt.max_bytes", Long.class, "The mapping limit (Builder.maxBytes; Long.MAX_VALUE when unlimited)",
                c::maxBytes);
        ro("opt.thp", String.class, "The huge-page advice for every mapping (Builder.thp): default, always or never",
                () -> c.thp().name().toLowerCase(java.util.Locale.ROOT));
        ro("opt.free_marks", Boolean.class, "Whether freed blocks carry the double-free mark (Builder.freeMarks)",
                c::freeMarks);
        ro("arenas.count", Long.class, "Number of arenas", () -> (long) c.arenas());
        ro("arenas.page", Long.class, "The logical page size in bytes", c::pageSize);
        ro("arenas.quantum", Long.class, "The size-class quantum (every block's minimum alignment)", () -> 16L);
        ro("arenas.tcache_max", Long.class, "The largest size class thread caches keep (0 when caching is off)",
                c::threadCacheMaxSize);
        ro("arenas.nbins", Long.class, "Number of small size classes (bins)", () -> (long) c.smallClasses());
        List<Stats.SizeClassStats> facts = allocator.stats().sizeClasses();
        for (int j = 0; j < c.smallClasses(); j++) {
            Stats.SizeClassStats fact = facts.get(j);
            ro("arenas.bin." + j + ".size", "arenas.bin.<j>.size", Long.class, "Region size of small class j",
                    fact::regionSize);
            ro("arenas.bin." + j + ".nregs", "arenas.bin.<j>.nregs", Long.class, "Regions per slab of small class j",
                    () -> (long) fact.regionsPerSlab());
            ro("arenas.bin." + j + ".slab_size", "arenas.bin.<j>.slab_size", Long.class,
                    "Slab size in bytes of small class j", fact::slabSize);
        }
        for (int i = 0; i < c.arenas(); i++) {
            decay(i, true);
            decay(i, false);
        }

        ProfilingOptions prof = in.obs.profiling;
        ro("opt.prof", Boolean.class, "Whether the allocator was built with heap profiling (Builder.profiling)",
                () -> prof != null);
        ro("opt.lg_prof_sample", Long.class, "log2 of the mean bytes between samples (-1 without profiling)",
                () -> prof == null ? -1L : (long) prof.lgSample());
        SafetyOptions safety = in.obs.safety;
        ro("opt.junk", Boolean.class, "Whether blocks are filled with 0xA5 on allocation and 0x5A on free",
                safety::junk);
        ro("opt.zero", Boolean.class, "Whether blocks are zeroed on allocation", safety::zero);
        ro("opt.uaf_quarantine_bytes", Long.class,
                "Bytes of freed blocks the use-after-free check holds back (-1: no check)", safety::quarantineBytes);
        ro("opt.guard_large_every", Long.class, "Every Nth large block gets PROT_NONE guard pages (0: none)",
                () -> (long) safety.guardLargeEvery());
        ro("opt.guard_slab_every", Long.class, "Every Nth new slab gets PROT_NONE guard pages (0: none)",
                () -> (long) safety.guardSlabEvery());
        ro("opt.listener", Boolean.class, "Whether an AllocationListener observes every call",
                () -> in.obs.listener);

        // ---- the calling thread ----------------------------------------------------------------
        ro("thread.allocated", Long.class, "Usable bytes the calling thread allocated", () -> own().allocated());
        ro("thread.deallocated", Long.class, "Usable bytes the calling thread freed", () -> own().deallocated());
        ro("thread.peak", Long.class,
                "The calling thread's largest allocated − deallocated since it started or thread.peak.reset",
                () -> own().peak());
        action("thread.peak.reset", Void.class, "Starts the calling thread's peak again from its current net bytes",
                v -> ownCache().resetPeak());
        ro("thread.arena", Long.class, "The arena the calling thread allocates from",
                () -> (long) ownCache().arena().index);
        ro("thread.tcache.hits", Long.class, "Allocations the calling thread's cache served", () -> own().hits());
        ro("thread.tcache.misses", Long.class, "Allocations that found the calling thread's cache empty",
                () -> own().misses());

        // ---- heap profiling --------------------------------------------------------------------
        entries.add(new ControlEntry("prof.active", "prof.active", Boolean.class, Access.READ_WRITE,
                "Whether allocations are sampled now (each thread follows at its next cache event)",
                () -> in.obs.sampling(), v -> in.obs.profiler().setActive((Boolean) v)));
        ro("prof.lg_sample", Long.class, "log2 of the mean bytes between samples (-1 without profiling)",
                () -> in.obs.profiler == null ? -1L : (long) in.obs.profiler.lgSample());
        ro("prof.live_samples", Long.class, "Sampled allocations still live (0 without profiling)",
                () -> in.obs.profiler == null ? 0L : (long) in.obs.profiler.liveSamples());
        ro("prof.total_samples", Long.class, "Samples taken since the allocator started (0 without profiling)",
                () -> in.obs.profiler == null ? 0L : in.obs.profiler.totalSamples());
        action("prof.dump", String.class,
                "Writes the live heap profile to the file named: JSON if it ends in .json, else collapsed stacks",
                v -> dump((String) v));

        // ---- actions ---------------------------------------------------------------------------
        action("thread.tcache.flush", Void.class,
                "Returns the calling thread's cached blocks to their arenas (flushThreadCache())",
                v -> allocator.flushThreadCache());
        action("arenas.purge", Void.class, "Returns every unused page of every arena to the OS now (purge())",
                v -> allocator.purge());

        // ---- stats -----------------------------------------------------------------------------
        stat("stats.allocated", "Bytes handed out by arenas and not returned (Stats.allocated)", Stats::allocated);
        stat("stats.active", "Bytes of pages backing live allocations", Stats::active);
        stat("stats.metadata", "Bytes of allocator bookkeeping", Stats::metadata);
        stat("stats.resident", "Upper bound of the resident bytes", Stats::resident);
        stat("stats.mapped", "Bytes of mapped pages usable without a fault", Stats::mapped);
        stat("stats.retained", "Mapped bytes returned to the OS with MADV_DONTNEED", Stats::retained);
        stat("stats.purges", "madvise calls issued by decay or purge(), all arenas",
                s -> s.arenas().stream().mapToLong(Stats.ArenaStats::purges).sum());
        stat("stats.purged_bytes", "Bytes those madvise calls covered, all arenas",
                s -> s.arenas().stream().mapToLong(Stats.ArenaStats::purgedBytes).sum());
        stat("stats.threads.count", "Live threads with a cache of their own", s -> s.threads().count());
        stat("stats.threads.allocated", "Usable bytes the live threads allocated, summed", s -> s.threads().allocated());
        stat("stats.threads.deallocated", "Usable bytes the live threads freed, summed",
                s -> s.threads().deallocated());
        stat("stats.tcache.hits", "Allocations served by the live threads' caches", s -> s.threads().hits());
        stat("stats.tcache.misses", "Allocations that found their cache empty", s -> s.threads().misses());
        stat("stats.tcache.fills", "Thread-cache refill batches", s -> s.threads().fills());
        stat("stats.tcache.flushes", "Thread-cache flush batches", s -> s.threads().flushes());
        for (int i = 0; i < c.arenas(); i++) {
            int a = i;
            arenaStat(a, "nthreads", "Threads bound to arena i", x -> (long) x.threads());
            arenaStat(a, "small_allocated", "Bytes of small regions out of arena i", Stats.ArenaStats::smallAllocated);
            arenaStat(a, "large_allocated", "Bytes of large blocks out of arena i", Stats.ArenaStats::largeAllocated);
            arenaStat(a, "active_bytes", "Bytes of arena i's active pages", Stats.ArenaStats::active);
            arenaStat(a, "dirty_bytes", "Bytes of arena i's unused pages not yet purged", Stats.ArenaStats::dirty);
            arenaStat(a, "muzzy_bytes", "Bytes of arena i's pages purged with MADV_FREE", Stats.ArenaStats::muzzy);
            arenaStat(a, "retained_bytes", "Bytes of arena i's pages purged with MADV_DONTNEED",
                    Stats.ArenaStats::retained);
            arenaStat(a, "large_nmalloc", "Large blocks arena i ever served", Stats.ArenaStats::largeMallocs);
            arenaStat(a, "large_ndalloc", "Large blocks arena i ever took back", Stats.ArenaStats::largeFrees);
            arenaStat(a, "npurge", "madvise calls arena i issued", Stats.ArenaStats::purges);
            arenaStat(a, "purged_bytes", "Bytes those calls covered", Stats.ArenaStats::purgedBytes);
            lockStats("stats.arenas." + a + ".lock.", "stats.arenas.<i>.lock.", "arena i's page lock",
                    () -> stats().arenas().get(a).pageLock());
            for (int j = 0; j < c.smallClasses(); j++) {
                int cls = j;
                binStat(a, cls, "nmalloc", "Regions of class j arena i handed out",
                        Stats.SizeClassStats::mallocs);
                binStat(a, cls, "ndalloc", "Regions of class j returned to arena i", Stats.SizeClassStats::frees);
                binStat(a, cls, "nrequests", "Requests of class j served through arena i, thread-cache hits included",
                        Stats.SizeClassStats::requests);
                binStat(a, cls, "curregs", "Regions of class j out of arena i now",
                        Stats.SizeClassStats::currentRegions);
                binStat(a, cls, "curslabs", "Slabs of class j in arena i now", Stats.SizeClassStats::currentSlabs);
                binStat(a, cls, "nslabs", "Slabs of class j arena i ever created", Stats.SizeClassStats::totalSlabs);
                binStat(a, cls, "nfills", "Thread-cache fills arena i's bin of class j served",
                        Stats.SizeClassStats::fills);
                binStat(a, cls, "nflushes", "Thread-cache flushes arena i's bin of class j received",
                        Stats.SizeClassStats::flushes);
                lockStats("stats.arenas." + a + ".bins." + cls + ".lock.", "stats.arenas.<i>.bins.<j>.lock.",
                        "the lock of arena i's bin of class j", () -> stats().arenas().get(a).bins().get(cls).lock());
            }
        }
    }

    private org.jmalloc.allocator.tcache.ThreadCache ownCache() {
        if (Thread.currentThread().isVirtual()) {
            throw new IllegalStateException("virtual threads have no per-thread counters: their calls borrow shared "
                    + "caches; read stats.threads.* for the totals");
        }
        return in.slow.ownCache();
    }

    private org.jmalloc.allocator.tcache.CacheCounters.Totals own() {
        return ownCache().totals();
    }

    private void dump(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("prof.dump takes a file name, e.g. \"heap.collapsed\" or \"heap.json\"");
        }
        var profile = in.obs.profiler().snapshot();
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of(path),
                    path.endsWith(".json") ? profile.json() : profile.collapsed());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("prof.dump could not write " + path + ": " + e.getMessage(), e);
        }
    }

    private void ro(String name, Class<?> type, String description, Supplier<Object> reader) {
        ro(name, name, type, description, reader);
    }

    private void ro(String name, String template, Class<?> type, String description, Supplier<Object> reader) {
        entries.add(new ControlEntry(name, template, type, Access.READ_ONLY, description, reader, null));
    }

    private void action(String name, Class<?> argument, String description, Consumer<Object> run) {
        entries.add(new ControlEntry(name, name, argument, Access.WRITE_ONLY, description, null, run));
    }

    private void stat(String name, String description, Function<Stats, Long> read) {
        ro(name, name, Long.class, description, () -> read.apply(stats()));
    }

    private void arenaStat(int arena, String field, String description, Function<Stats.ArenaStats, Long> read) {
        ro("stats.arenas." + arena + "." + field, "stats.arenas.<i>." + field, Long.class, description,
                () -> read.apply(stats().arenas().get(arena)));
    }

    private void binStat(int arena, int cls, String field, String description,
                         Function<Stats.SizeClassStats, Long> read) {
        ro("stats.arenas." + arena + ".bins." + cls + "." + field, "stats.arenas.<i>.bins.<j>." + field, Long.class,
                description, () -> read.apply(stats().arenas().get(arena).bins().get(cls)));
    }

    /**
     * {@code arena.<i>.dirty_decay_ms} or {@code muzzy_decay_ms}: the arena's current decay time,
     * writable (jemalloc's names): -1 never, 0 at once, else milliseconds. A write starts the decay
     * curve afresh and runs a step at once; the background purger keeps the step interval it chose
     * from the built decay times (at most 1 s).
     */
    private void decay(int arena, boolean dirty) {
        String field = dirty ? "dirty_decay_ms" : "muzzy_decay_ms";
        String name = "arena." + arena + "." + field;
        var pages = allocator.arena(arena).pages();
        entries.add(new ControlEntry(name, "arena.<i>." + field, Long.class, Access.READ_WRITE,
                "Arena i's " + (dirty ? "dirty" : "muzzy") + " decay time in ms (-1: never, 0: at once); "
                        + "writing it restarts the decay curve",
                () -> {
                    long nanos = pages.decayNanos(dirty);
                    return nanos < 0 ? -1L : nanos / 1_000_000;
                },
                v -> pages.setDecayNanos(dirty, decayNanos(name, (Long) v))));
    }

    /** Milliseconds (-1 never, 0 at once, else positive) as nanoseconds, refusing anything else. */
    static long decayNanos(String name, long ms) {
        long max = Long.MAX_VALUE / 1_000_000;
        if (ms < -1 || ms > max) {
            throw new IllegalArgumentException(name + " takes -1 (never purge by decay), 0 (purge at once) or "
                    + "milliseconds up to " + max + ", not " + ms);
        }
        return ms < 0 ? -1 : ms * 1_000_000;
    }

    /** The four counters of a lock under {@code prefix}: acquisitions, contended ones and their wait. */
    private void lockStats(String prefix, String template, String lock, Supplier<Stats.LockStats> read) {
        ro(prefix + "acquisitions", template + "acquisitions", Long.class, "Acquisitions of " + lock,
                () -> read.get().acquisitions());
        ro(prefix + "contended", template + "contended", Long.class,
                "Acquisitions of " + lock + " that found it held and had to spin or park", () -> read.get().contended());
        ro(prefix + "wait_ns", template + "wait_ns", Long.class,
                "Nanoseconds the contended acquisitions of " + lock + " waited, summed", () -> read.get().waitNanos());
        ro(prefix + "max_wait_ns", template + "max_wait_ns", Long.class,
                "The longest wait in ns of one contended acquisition of " + lock, () -> read.get().maxWaitNanos());
    }

    private static long ms(java.time.Duration d) {
        return d.isNegative() ? -1 : d.toMillis();
    }
}
