package org.jmalloc.results.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jmalloc.results.model.Params;
import org.jmalloc.results.model.Point;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.RunInfo;
import org.jmalloc.results.model.RunKind;
import org.jmalloc.results.model.Series;
import org.jmalloc.results.store.HistorySnapshot;
import org.jmalloc.results.store.Problem;

/**
 * What the report shows, derived from one history snapshot: the trend series (every run kind but
 * gate runs, whose rows are verdicts and their evidence, not points of a trend), their change
 * points, the gate runs with their verdicts and the latest matrix cells. Everything is sorted, so the same
 * history gives the same pages.
 *
 * @param source       where the history is, for the pages
 * @param runs         every run, oldest first
 * @param rowCount     rows read
 * @param trends       the trend series, sorted by key
 * @param changes      their change points, newest first
 * @param gates        the gate runs with their verdicts, newest first
 * @param matrix       the latest row of each matrix cell (benchmark, params, metric, implementation, profile)
 * @param problems     rows the store could not read
 */
record ReportData(String source, List<RunInfo> runs, int rowCount, List<Series> trends, List<SeriesChange> changes,
                  List<GateRuns.Gate> gates, List<ResultRow> matrix, List<Problem> problems) {

    static final Comparator<ResultRow> NEWEST = Comparator.comparing(ResultRow::timestamp)
            .thenComparing(ResultRow::runId);

    static ReportData of(String source, HistorySnapshot snapshot, ChangeAnalysis analysis, Progress progress) {
        List<Series> trends = ChangeAnalysis.trendSeries(snapshot);
        List<SeriesChange> changes = analysis.changes(trends, progress);
        List<RunInfo> runs = new ArrayList<>(snapshot.runs());
        runs.sort(Comparator.comparing(RunInfo::timestamp).thenComparing(RunInfo::runId));
        return new ReportData(source, List.copyOf(runs), snapshot.rows().size(), trends, changes,
                GateRuns.of(snapshot.rows()), latest(snapshot.rows(), RunKind.MATRIX),
                snapshot.problems());
    }

    /** The newest run, if any. */
    Optional<RunInfo> latestRun() {
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.getLast());
    }

    /** The trend series grouped by benchmark name, sorted. */
    Map<String, List<Series>> byBenchmark() {
        Map<String, List<Series>> out = new TreeMap<>();
        for (Series s : trends) {
            out.computeIfAbsent(s.key().benchmark(), k -> new ArrayList<>()).add(s);
        }
        return out;
    }

    /** The anchors found in the trend series, in display order. */
    List<String> anchors() {
        TreeSet<String> anchors = new TreeSet<>(Implementations.ANCHORS);
        for (Series s : trends) {
            if (!Implementations.isOurs(s.key().implementation())) {
                anchors.add(s.key().implementation());
            }
        }
        return List.copyOf(anchors);
    }

    /** The changes of one benchmark's series, newest first. */
    List<SeriesChange> changesOf(String benchmark) {
        return changes.stream().filter(c -> c.series().benchmark().equals(benchmark)).toList();
    }

    /** The newest point of a series. */
    static Point latest(Series series) {
        return series.points().getLast();
    }

    /** One (benchmark, params, metric) of the trends: its series by (implementation, profile). */
    record Group(String benchmark, Params params, String metric) implements Comparable<Group> {
        private static final Comparator<Group> ORDER = Comparator.comparing(Group::benchmark)
                .thenComparing(Group::params).thenComparing(Group::metric);

        @Override
        public int compareTo(Group o) {
            return ORDER.compare(this, o);
        }
    }

    /** The trend series grouped by (benchmark, params, metric), sorted. */
    Map<Group, List<Series>> byGroup() {
        Map<Group, List<Series>> out = new TreeMap<>();
        for (Series s : trends) {
            out.computeIfAbsent(new Group(s.key().benchmark(), s.key().params(), s.key().metric()),
                    k -> new ArrayList<>()).add(s);
        }
        return out;
    }

    private static List<ResultRow> latest(List<ResultRow> rows, RunKind kind) {
        Map<String, ResultRow> newest = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            if (r.kind() != kind) {
                continue;
            }
            String key = r.benchmark() + '\u0000' + r.params().canonical() + '\u0000' + r.metric() + '\u0000'
                    + r.implementation() + '\u0000' + r.hardwareProfile();
            newest.merge(key, r, (a, b) -> NEWEST.compare(a, b) >= 0 ? a : b);
        }
        List<ResultRow> out = new ArrayList<>(newest.values());
        out.sort(Comparator.comparing(ResultRow::benchmark).thenComparing(ResultRow::params)
                .thenComparing(ResultRow::metric).thenComparing(ResultRow::implementation)
                .thenComparing(ResultRow::hardwareProfile));
        return out;
    }
}
