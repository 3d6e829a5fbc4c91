package org.jmalloc.lab.info;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jmalloc.allocator.os.Hardware;
import org.jmalloc.lab.core.text.Bytes;
import org.jmalloc.lab.core.text.TextTable;

/**
 * Renders an {@link InfoReport} as aligned text for a terminal. Every number is formatted with
 * {@link Locale#ROOT}, so the output is the same under every default locale (checked by
 * {@code TextReportTest} against a golden file under a German locale).
 */
public final class TextReport {

    private TextReport() {
    }

    /** The report as lines ending in {@code \n}. */
    public static String render(InfoReport report) {
        StringBuilder out = new StringBuilder();
        hardware(out, report.hardware());
        config(out, report.config());
        selfCheck(out, report.selfCheck());
        stats(out, report.stats());
        return out.toString();
    }

    private static void hardware(StringBuilder out, Hardware h) {
        out.append("Hardware\n");
        pairs(out, List.of(
                pair("page size", Bytes.exact(h.pageSize())),
                pair("cache line", Bytes.exact(h.cacheLine())),
                pair("cpus", Integer.toString(h.cpus())),
                pair("NUMA nodes", Integer.toString(h.numaNodes())),
                pair("arch", h.arch()),
                pair("os", h.os()),
                pair("transparent huge page", h.transparentHugePageSize() == 0 ? "unknown"
                        : Bytes.exact(h.transparentHugePageSize())),
                pair("jdk", h.jdk())));
    }

    private static void config(StringBuilder out, InfoReport.ConfigView c) {
        out.append("\nAllocator configuration (effective)\n");
        pairs(out, List.of(
                pair("arenas", Integer.toString(c.arenas())),
                pair("thread cache", c.threadCache()
                        ? "on, blocks up to " + Bytes.human(c.threadCacheMaxSize()) : "off"),
                pair("dirty decay", decay(c.dirtyDecay())),
                pair("muzzy decay", decay(c.muzzyDecay())),
                pair("background purge", c.backgroundPurge() ? "on" : "off"),
                pair("page size", Bytes.exact(c.pageSize()) + ", OS page " + Bytes.human(c.osPageSize())),
                pair("small size classes", c.smallClasses() + ", up to " + Bytes.human(c.smallMaxSize())),
                pair("largest request", Bytes.exact(c.maxSize())),
                pair("mapping limit", c.maxBytes() == Long.MAX_VALUE ? "none" : Bytes.exact(c.maxBytes()))));
    }

    private static void selfCheck(StringBuilder out, InfoReport.SelfCheckView check) {
        long failed = check.checks().stream().filter(c -> !c.passed()).count();
        out.append("\nSelf-check: ")
                .append(check.passed() ? "passed (" + check.checks().size() + " checks)"
                        : "FAILED (" + failed + " of " + check.checks().size() + " checks)")
                .append('\n');
        TextTable table = TextTable.of("result", "check", "detail");
        for (var c : check.checks()) {
            table.row(c.passed() ? "ok" : "FAIL", c.name(), c.detail());
        }
        out.append(table.render("  "));
    }

    private static void stats(StringBuilder out, InfoReport.StatsView s) {
        if (s == null) {
            out.append("\nStats: not available (the stats call failed, see the self-check above)\n");
            return;
        }
        out.append("\nStats of the checked allocator while the self-check held ").append(s.liveBlocks())
                .append(" blocks (").append(Bytes.human(s.liveBytes())).append(" requested)\n");
        pairs(out, List.of(
                pair("allocated", Bytes.exact(s.allocated())),
                pair("active", Bytes.exact(s.active())),
                pair("metadata", Bytes.exact(s.metadata())),
                pair("resident", Bytes.exact(s.resident())),
                pair("mapped", Bytes.exact(s.mapped())),
                pair("retained", Bytes.exact(s.retained()))));

        List<InfoReport.ArenaView> used = s.arenas().stream().filter(InfoReport.ArenaView::used).toList();
        out.append("\nArenas: ").append(used.size()).append(" of ").append(s.arenas().size()).append(" used")
                .append(used.size() < s.arenas().size() ? " (unused ones not shown)" : "").append('\n');
        if (!used.isEmpty()) {
            TextTable arenas = TextTable.of(">arena", ">threads", ">small", ">large", ">active", ">dirty",
                    ">muzzy", ">retained", ">large mallocs", ">large frees", ">purges", ">purged");
            for (var a : used) {
                arenas.row(a.index(), a.threads(), Bytes.human(a.smallAllocated()), Bytes.human(a.largeAllocated()),
                        Bytes.human(a.active()), Bytes.human(a.dirty()), Bytes.human(a.muzzy()),
                        Bytes.human(a.retained()), a.largeMallocs(), a.largeFrees(), a.purges(),
                        Bytes.human(a.purgedBytes()));
            }
            out.append(arenas.render("  "));
        }

        out.append("\nBusiest size classes: ").append(s.busiestSizeClasses().size()).append(" by mallocs\n");
        if (!s.busiestSizeClasses().isEmpty()) {
            TextTable classes = TextTable.of(">class", ">size", ">slab", ">regions/slab", ">mallocs", ">frees",
                    ">current", ">slabs", ">slabs ever", ">utilization");
            for (var c : s.busiestSizeClasses()) {
                classes.row(c.sizeClass(), Bytes.human(c.regionSize()), Bytes.human(c.slabSize()),
                        c.regionsPerSlab(), c.mallocs(), c.frees(), c.currentRegions(), c.currentSlabs(),
                        c.totalSlabs(), String.format(Locale.ROOT, "%.1f%%", 100 * c.utilization()));
            }
            out.append(classes.render("  "));
        }
    }

    /** {@code never}, {@code at once}, {@code 10 s}, {@code 250 ms}, or the ISO form for other values. */
    static String decay(String iso) {
        Duration d = Duration.parse(iso);
        if (d.isNegative()) {
            return "never";
        }
        if (d.isZero()) {
            return "at once";
        }
        if (d.toNanosPart() == 0) {
            return d.toSeconds() + " s";
        }
        if (d.toNanosPart() % 1_000_000 == 0) {
            return d.toMillis() + " ms";
        }
        return iso;
    }

    private record Pair(String key, String value) {
    }

    private static Pair pair(String key, String value) {
        return new Pair(key, value);
    }

    private static void pairs(StringBuilder out, List<Pair> pairs) {
        int width = pairs.stream().mapToInt(p -> p.key().length()).max().orElse(0);
        for (Pair p : pairs) {
            out.append("  ").append(p.key()).repeat(' ', width - p.key().length() + 2).append(p.value()).append('\n');
        }
    }
}
