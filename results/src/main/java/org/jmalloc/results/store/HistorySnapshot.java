package org.jmalloc.results.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jmalloc.results.model.Point;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.RunInfo;
import org.jmalloc.results.model.Series;
import org.jmalloc.results.model.SeriesKey;

/**
 * The history as read at one moment: its good rows and the problems met reading it.
 *
 * @param rows every readable row, in append order
 * @param problems the rows or files that could not be read (file, line, reason)
 */
public record HistorySnapshot(List<ResultRow> rows, List<Problem> problems) {

    public HistorySnapshot {
        rows = List.copyOf(rows);
        problems = List.copyOf(problems);
    }

    /** Every series, sorted, each with its points oldest first. */
    public List<Series> allSeries() {
        Map<SeriesKey, List<ResultRow>> bySeries = new TreeMap<>();
        for (ResultRow row : rows) {
            bySeries.computeIfAbsent(row.seriesKey(), k -> new ArrayList<>()).add(row);
        }
        List<Series> series = new ArrayList<>();
        bySeries.forEach((key, list) -> series.add(toSeries(key, list)));
        return series;
    }

    /** The keys of every series, sorted. */
    public List<SeriesKey> seriesKeys() {
        return rows.stream().map(ResultRow::seriesKey).distinct().sorted().toList();
    }

    /** One series (no points when the history has none for the key). */
    public Series series(SeriesKey key) {
        return toSeries(key, rows.stream().filter(r -> r.seriesKey().equals(key)).toList());
    }

    /** The runs, in order of their first row. */
    public List<RunInfo> runs() {
        Map<String, RunInfo> runs = new LinkedHashMap<>();
        rows.forEach(r -> runs.putIfAbsent(r.runId(), r.run()));
        return List.copyOf(runs.values());
    }

    private static Series toSeries(SeriesKey key, List<ResultRow> rows) {
        List<Point> points = rows.stream().map(ResultRow::point).sorted(Point.ORDER).toList();
        String unit = rows.stream().max((a, b) -> Point.ORDER.compare(a.point(), b.point()))
                .map(ResultRow::unit).orElse("");
        return new Series(key, unit, points);
    }
}
