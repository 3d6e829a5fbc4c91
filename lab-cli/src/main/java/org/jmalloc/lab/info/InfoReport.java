package org.jmalloc.lab.info;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import org.jmalloc.allocator.AllocatorConfig;
import org.jmalloc.allocator.Stats;
import org.jmalloc.allocator.os.Hardware;

/**
 * What {@code lab info} reports, as plain values: the text form ({@link TextReport}) and the JSON
 * form ({@link #toJson()}) are two renderings of this one record, so they cannot disagree.
 *
 * <p>Byte counts are in bytes and durations are ISO-8601 strings ({@code PT10S}) in both forms;
 * the field names are those of the allocator's {@code Hardware}, {@code Config} and {@code Stats}
 * records.
 *
 * @param hardware the machine's facts
 * @param config the effective configuration of the allocator that was checked
 * @param selfCheck the self-check's outcome
 * @param stats the allocator's stats while the self-check's blocks were live; {@code null} when
 *     the stats call itself failed (the self-check says why)
 */
public record InfoReport(Hardware hardware, ConfigView config, SelfCheckView selfCheck, StatsView stats) {

    private static final ObjectWriter JSON = new ObjectMapper().writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    /** {@link AllocatorConfig} with its durations as ISO-8601 strings (a negative one means never). */
    public record ConfigView(int arenas, boolean threadCache, long threadCacheMaxSize, String dirtyDecay,
                             String muzzyDecay, boolean backgroundPurge, long pageSize, long osPageSize,
                             long maxBytes, long smallMaxSize, int smallClasses, long maxSize) {

        static ConfigView of(AllocatorConfig c) {
            return new ConfigView(c.arenas(), c.threadCache(), c.threadCacheMaxSize(), c.dirtyDecay().toString(),
                    c.muzzyDecay().toString(), c.backgroundPurge(), c.pageSize(), c.osPageSize(), c.maxBytes(),
                    c.smallMaxSize(), c.smallClasses(), c.maxSize());
        }
    }

    /** Whether every check passed, and each check's outcome. */
    public record SelfCheckView(boolean passed, List<SelfCheck.Check> checks) {
        public SelfCheckView {
            checks = List.copyOf(checks);
        }
    }

    /**
     * The stats snapshot: totals, every arena (without its per-class bins) and the busiest size
     * classes summed over the arenas.
     *
     * @param liveBlocks blocks the self-check held when the snapshot was taken
     * @param liveBytes requested bytes of those blocks
     * @param busiestSizeClasses small size classes with at least one malloc, most mallocs first
     *     (ties: smaller class first), at most {@code --top} of them
     */
    public record StatsView(int liveBlocks, long liveBytes, long allocated, long active, long metadata,
                            long resident, long mapped, long retained, List<ArenaView> arenas,
                            List<SizeClassView> busiestSizeClasses) {
        public StatsView {
            arenas = List.copyOf(arenas);
            busiestSizeClasses = List.copyOf(busiestSizeClasses);
        }
    }

    /** {@link Stats.ArenaStats} without its bins. */
    public record ArenaView(int index, int threads, long smallAllocated, long largeAllocated, long active,
                            long dirty, long muzzy, long retained, long largeMallocs, long largeFrees,
                            long purges, long purgedBytes) {

        static ArenaView of(Stats.ArenaStats a) {
            return new ArenaView(a.index(), a.threads(), a.smallAllocated(), a.largeAllocated(), a.active(),
                    a.dirty(), a.muzzy(), a.retained(), a.largeMallocs(), a.largeFrees(), a.purges(),
                    a.purgedBytes());
        }

        /** Whether the arena has been used at all: a thread bound to it or any counter above zero. */
        public boolean used() {
            return threads > 0 || smallAllocated > 0 || largeAllocated > 0 || active > 0 || dirty > 0
                    || muzzy > 0 || retained > 0 || largeMallocs > 0 || purges > 0;
        }
    }

    /** {@link Stats.SizeClassStats} with its utilization. */
    public record SizeClassView(int sizeClass, long regionSize, long slabSize, int regionsPerSlab, long mallocs,
                                long frees, long currentRegions, long currentSlabs, long totalSlabs,
                                double utilization) {

        static SizeClassView of(Stats.SizeClassStats s) {
            return new SizeClassView(s.sizeClass(), s.regionSize(), s.slabSize(), s.regionsPerSlab(), s.mallocs(),
                    s.frees(), s.currentRegions(), s.currentSlabs(), s.totalSlabs(), s.utilization());
        }
    }

    /**
     * Builds the report.
     *
     * @param top how many of the busiest size classes to keep, at least 0
     */
    public static InfoReport of(Hardware hardware, AllocatorConfig config, SelfCheck.Result result, int top) {
        if (top < 0) {
            throw new IllegalArgumentException("top must be at least 0, got " + top);
        }
        Stats s = result.liveStats();
        StatsView stats = s == null ? null : new StatsView(result.liveBlocks(), result.liveBytes(), s.allocated(),
                s.active(), s.metadata(), s.resident(), s.mapped(), s.retained(),
                s.arenas().stream().map(ArenaView::of).toList(),
                s.sizeClasses().stream()
                        .filter(c -> c.mallocs() > 0)
                        .sorted(Comparator.comparingLong(Stats.SizeClassStats::mallocs).reversed()
                                .thenComparingInt(Stats.SizeClassStats::sizeClass))
                        .limit(top)
                        .map(SizeClassView::of)
                        .toList());
        return new InfoReport(hardware, ConfigView.of(config),
                new SelfCheckView(result.passed(), result.checks()), stats);
    }

    /** The report as indented JSON, lines ending in {@code \n}, with a final newline. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the info report as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
