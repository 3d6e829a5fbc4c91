package org.jmalloc.allocator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jmalloc.allocator.StatsOptions.Section;
import org.jmalloc.allocator.json.JsonWriter;

/**
 * jemalloc's {@code malloc_stats_print} for jmalloc: a {@link Stats} snapshot and the effective
 * {@link AllocatorConfig} as a text report or as JSON, with sections left out as
 * {@link StatsOptions} says. Both renderings are golden-file tested and never depend on the
 * default locale.
 *
 * <p>JSON layout: {@code {"config": {…}, "stats": {allocated, active, metadata, resident, mapped,
 * retained}, "size_classes": [merged per class], "large_classes": [merged per class], "arenas": [{…,
 * "page_lock": {…}, "lextents": [...], "bins": [{…, "lock": {…}}]}]}}; the field names are
 * jemalloc's where one exists ({@code nmalloc}, {@code ndalloc}, {@code nrequests}, {@code curregs},
 * {@code curslabs}, {@code nslabs}, {@code nfills}, {@code nflushes}, {@code curlextents}; a lock's
 * {@code num_ops} and {@code num_wait}, with its wait times in {@code total_wait_ns} and
 * {@code max_wait_ns}). The text report lists only size classes that were used; both list only
 * the large classes that were.
 */
public final class StatsReport {

    private StatsReport() {
    }

    /** The report in the form and with the sections {@code options} asks for. */
    public static String render(Stats stats, AllocatorConfig config, StatsOptions options) {
        return options.json() ? json(stats, config, options) : text(stats, config, options);
    }

    // ---- text ---------------------------------------------------------------------------------

    static String text(Stats s, AllocatorConfig c, StatsOptions o) {
        StringBuilder b = new StringBuilder();
        b.append("___ Begin jmalloc statistics ___\n");
        if (o.shows(Section.GENERAL)) {
            b.append("Config:\n");
            line(b, "  arenas: %d", c.arenas());
            line(b, "  page size: %d (OS page %d)", c.pageSize(), c.osPageSize());
            line(b, "  small classes: %d, up to %d bytes; largest request %d bytes", c.smallClasses(),
                    c.smallMaxSize(), c.maxSize());
            line(b, "  thread cache: %s", c.threadCache() ? "on, classes up to " + c.threadCacheMaxSize() + " bytes" : "off");
            line(b, "  decay: dirty %s, muzzy %s; background purge: %s", millis(c.dirtyDecay()), millis(c.muzzyDecay()),
                    c.backgroundPurge() ? "on" : "off");
            line(b, "  max bytes: %s", c.maxBytes() == Long.MAX_VALUE ? "unlimited" : Long.toString(c.maxBytes()));
            line(b, "  free marks: %s", c.freeMarks() ? "on" : "off");
        }
        line(b, "Allocated: %d, active: %d, metadata: %d, resident: %d, mapped: %d, retained: %d", s.allocated(),
                s.active(), s.metadata(), s.resident(), s.mapped(), s.retained());
        if (o.shows(Section.THREADS)) {
            Stats.ThreadTotals t = s.threads();
            line(b, "Threads: %d live, allocated %d, deallocated %d; thread caches: hits %d, misses %d, fills %d, "
                    + "flushes %d", t.count(), t.allocated(), t.deallocated(), t.hits(), t.misses(), t.fills(),
                    t.flushes());
        }
        if (o.shows(Section.MERGED) && (o.shows(Section.BINS) || o.shows(Section.LARGE))) {
            b.append("Merged arenas:\n");
            if (o.shows(Section.BINS)) {
                bins(b, s.sizeClasses());
            }
            if (o.shows(Section.LARGE)) {
                large(b, s.largeClasses());
            }
        }
        if (o.shows(Section.ARENAS)) {
            for (Stats.ArenaStats a : s.arenas()) {
                line(b, "Arena %d:", a.index());
                line(b, "  assigned threads: %d", a.threads());
                line(b, "  allocated: small %d, large %d", a.smallAllocated(), a.largeAllocated());
                if (o.shows(Section.LARGE)) {
                    line(b, "  large: nmalloc %d, ndalloc %d, current %d", a.largeMallocs(), a.largeFrees(),
                            a.largeMallocs() - a.largeFrees());
                    large(b, a.largeClasses());
                }
                if (o.shows(Section.EXTENTS)) {
                    line(b, "  pages (bytes): active %d, dirty %d, muzzy %d, retained %d", a.active(), a.dirty(),
                            a.muzzy(), a.retained());
                    line(b, "  purging: %d madvise calls over %d bytes", a.purges(), a.purgedBytes());
                }
                lock(b, "  page lock", a.pageLock());
                lock(b, "  all locks (pages and bins)", a.locks());
                if (o.shows(Section.BINS)) {
                    bins(b, a.bins());
                }
            }
        }
        b.append("--- End jmalloc statistics ---\n");
        return b.toString();
    }

    private static void lock(StringBuilder b, String label, Stats.LockStats l) {
        line(b, "%s: acquisitions %d, contended %d, wait %d ns (max %d ns)", label, l.acquisitions(), l.contended(),
                l.waitNanos(), l.maxWaitNanos());
    }

    private static void bins(StringBuilder b, List<Stats.SizeClassStats> classes) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"bins:", "size", "ind", "regs", "slab_size", "curregs", "curslabs", "util", "nmalloc",
            "ndalloc", "nrequests", "nslabs", "nfills", "nflushes", "lock_ops", "lock_wait", "wait_ns", "max_wait_ns"});
        for (Stats.SizeClassStats k : classes) {
            if (k.mallocs() == 0 && k.currentSlabs() == 0 && k.requests() == 0) {
                continue; // never used: jemalloc leaves such bins out of its table too
            }
            Stats.LockStats l = k.lock();
            rows.add(new String[] {"", Long.toString(k.regionSize()), Integer.toString(k.sizeClass()),
                Integer.toString(k.regionsPerSlab()), Long.toString(k.slabSize()), Long.toString(k.currentRegions()),
                Long.toString(k.currentSlabs()), String.format(Locale.ROOT, "%.3f", k.utilization()),
                Long.toString(k.mallocs()), Long.toString(k.frees()), Long.toString(k.requests()),
                Long.toString(k.totalSlabs()),
                Long.toString(k.fills()), Long.toString(k.flushes()), Long.toString(l.acquisitions()),
                Long.toString(l.contended()), Long.toString(l.waitNanos()), Long.toString(l.maxWaitNanos())});
        }
        if (rows.size() == 1) {
            b.append("  bins: none used\n");
            return;
        }
        table(b, rows);
    }

    private static void large(StringBuilder b, List<Stats.LargeClassStats> classes) {
        if (classes.isEmpty()) {
            b.append("  large classes: none used\n");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"large:", "size", "ind", "nmalloc", "ndalloc", "nrequests", "curlextents"});
        for (Stats.LargeClassStats k : classes) {
            rows.add(new String[] {"", Long.toString(k.size()), Integer.toString(k.sizeClass()),
                Long.toString(k.mallocs()), Long.toString(k.frees()), Long.toString(k.requests()),
                Long.toString(k.current())});
        }
        table(b, rows);
    }

    /** Right-aligned columns after a left-aligned label column, two spaces apart. */
    private static void table(StringBuilder b, List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder l = new StringBuilder("  ");
            l.append(r[0]).append(" ".repeat(width[0] - r[0].length()));
            for (int i = 1; i < r.length; i++) {
                l.append("  ").append(" ".repeat(width[i] - r[i].length())).append(r[i]);
            }
            b.append(l.toString().stripTrailing()).append('\n');
        }
    }

    private static void line(StringBuilder b, String format, Object... args) {
        b.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private static String millis(Duration d) {
        return d.isNegative() ? "never" : d.toMillis() + " ms";
    }

    // ---- JSON ---------------------------------------------------------------------------------

    static String json(Stats s, AllocatorConfig c, StatsOptions o) {
        JsonWriter w = new JsonWriter();
        w.beginObject();
        if (o.shows(Section.GENERAL)) {
            w.name("config").beginObject()
                    .name("arenas").value(c.arenas())
                    .name("page_size").value(c.pageSize())
                    .name("os_page_size").value(c.osPageSize())
                    .name("small_classes").value(c.smallClasses())
                    .name("small_max_size").value(c.smallMaxSize())
                    .name("max_size").value(c.maxSize())
                    .name("thread_cache").value(c.threadCache())
                    .name("thread_cache_max_size").value(c.threadCacheMaxSize())
                    .name("dirty_decay_ms").value(c.dirtyDecay().isNegative() ? -1 : c.dirtyDecay().toMillis())
                    .name("muzzy_decay_ms").value(c.muzzyDecay().isNegative() ? -1 : c.muzzyDecay().toMillis())
                    .name("background_purge").value(c.backgroundPurge())
                    .name("max_bytes").value(c.maxBytes())
                    .name("free_marks").value(c.freeMarks())
                    .endObject();
        }
        w.name("stats").beginObject()
                .name("allocated").value(s.allocated())
                .name("active").value(s.active())
                .name("metadata").value(s.metadata())
                .name("resident").value(s.resident())
                .name("mapped").value(s.mapped())
                .name("retained").value(s.retained())
                .endObject();
        if (o.shows(Section.THREADS)) {
            Stats.ThreadTotals t = s.threads();
            w.name("threads").beginObject()
                    .name("count").value(t.count())
                    .name("allocated").value(t.allocated())
                    .name("deallocated").value(t.deallocated())
                    .name("tcache_hits").value(t.hits())
                    .name("tcache_misses").value(t.misses())
                    .name("tcache_fills").value(t.fills())
                    .name("tcache_flushes").value(t.flushes())
                    .endObject();
        }
        if (o.shows(Section.MERGED) && o.shows(Section.BINS)) {
            w.name("size_classes");
            jsonBins(w, s.sizeClasses());
        }
        if (o.shows(Section.MERGED) && o.shows(Section.LARGE)) {
            w.name("large_classes");
            jsonLarge(w, s.largeClasses());
        }
        if (o.shows(Section.ARENAS)) {
            w.name("arenas").beginArray();
            for (Stats.ArenaStats a : s.arenas()) {
                w.beginObject()
                        .name("index").value(a.index())
                        .name("nthreads").value(a.threads())
                        .name("small_allocated").value(a.smallAllocated())
                        .name("large_allocated").value(a.largeAllocated());
                if (o.shows(Section.LARGE)) {
                    w.name("large").beginObject()
                            .name("nmalloc").value(a.largeMallocs())
                            .name("ndalloc").value(a.largeFrees())
                            .name("current").value(a.largeMallocs() - a.largeFrees())
                            .endObject();
                    w.name("lextents");
                    jsonLarge(w, a.largeClasses());
                }
                if (o.shows(Section.EXTENTS)) {
                    w.name("active_bytes").value(a.active())
                            .name("dirty_bytes").value(a.dirty())
                            .name("muzzy_bytes").value(a.muzzy())
                            .name("retained_bytes").value(a.retained())
                            .name("npurge").value(a.purges())
                            .name("purged_bytes").value(a.purgedBytes());
                }
                w.name("page_lock");
                jsonLock(w, a.pageLock());
                w.name("locks");
                jsonLock(w, a.locks());
                if (o.shows(Section.BINS)) {
                    w.name("bins");
                    jsonBins(w, a.bins());
                }
                w.endObject();
            }
            w.endArray();
        }
        w.endObject();
        return w.toString();
    }

    private static void jsonBins(JsonWriter w, List<Stats.SizeClassStats> classes) {
        w.beginArray();
        for (Stats.SizeClassStats k : classes) {
            w.beginObject()
                    .name("ind").value(k.sizeClass())
                    .name("size").value(k.regionSize())
                    .name("nregs").value(k.regionsPerSlab())
                    .name("slab_size").value(k.slabSize())
                    .name("curregs").value(k.currentRegions())
                    .name("curslabs").value(k.currentSlabs())
                    .name("utilization").value(k.utilization(), 3)
                    .name("nmalloc").value(k.mallocs())
                    .name("ndalloc").value(k.frees())
                    .name("nrequests").value(k.requests())
                    .name("nslabs").value(k.totalSlabs())
                    .name("nfills").value(k.fills())
                    .name("nflushes").value(k.flushes())
                    .name("lock");
            jsonLock(w, k.lock());
            w.endObject();
        }
        w.endArray();
    }

    private static void jsonLarge(JsonWriter w, List<Stats.LargeClassStats> classes) {
        w.beginArray();
        for (Stats.LargeClassStats k : classes) {
            w.beginObject()
                    .name("ind").value(k.sizeClass())
                    .name("size").value(k.size())
                    .name("nmalloc").value(k.mallocs())
                    .name("ndalloc").value(k.frees())
                    .name("nrequests").value(k.requests())
                    .name("curlextents").value(k.current())
                    .endObject();
        }
        w.endArray();
    }

    private static void jsonLock(JsonWriter w, Stats.LockStats l) {
        w.beginObject()
                .name("num_ops").value(l.acquisitions())
                .name("num_wait").value(l.contended())
                .name("total_wait_ns").value(l.waitNanos())
                .name("max_wait_ns").value(l.maxWaitNanos())
                .endObject();
    }
}
