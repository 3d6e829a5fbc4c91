package org.jmalloc.results.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jmalloc.results.changepoint.ChangePoint;
import org.jmalloc.results.changepoint.ChangePointDetector;
import org.jmalloc.results.model.Point;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.RunKind;
import org.jmalloc.results.model.Series;
import org.jmalloc.results.store.HistorySnapshot;

/**
 * Runs change-point detection on series of the history and reports each change with its commits.
 * Points without a value (NaN: the tool reported none) are left out of the detection; indices
 * still count every point of the series, so {@link SeriesChange#index()} finds the point in
 * {@link Series#points()}.
 */
public final class ChangeAnalysis {

    /** Newest first, then by series. */
    public static final Comparator<SeriesChange> NEWEST_FIRST = Comparator.comparing(SeriesChange::time).reversed()
            .thenComparing(SeriesChange::series).thenComparingInt(SeriesChange::index);

    private final ChangePointDetector detector;

    /**
     * The series whose trends the report follows and searches for change points: every row but those of
     * gate runs (a gate's rows are its verdicts and their evidence, not points of a trend).
     */
    public static List<Series> trendSeries(HistorySnapshot snapshot) {
        List<ResultRow> rows = snapshot.rows().stream().filter(r -> r.kind() != RunKind.GATE).toList();
        return new HistorySnapshot(rows, List.of()).allSeries();
    }

    public ChangeAnalysis(ChangePointDetector detector) {
        this.detector = detector;
    }

    /** The changes of one series, oldest first. */
    public List<SeriesChange> changes(Series series) {
        List<Point> points = series.points();
        int[] position = new int[points.size()];
        double[] values = new double[points.size()];
        int n = 0;
        for (int i = 0; i < points.size(); i++) {
            double v = points.get(i).value();
            if (Double.isFinite(v)) {
                position[n] = i;
                values[n++] = v;
            }
        }
        double[] measured = n == values.length ? values : Arrays.copyOf(values, n);
        List<SeriesChange> out = new ArrayList<>();
        for (ChangePoint cp : detector.detect(measured)) {
            Point before = points.get(position[cp.index() - 1]);
            Point after = points.get(position[cp.index()]);
            out.add(new SeriesChange(series.key(), series.unit(), position[cp.index()], before.commit(),
                    after.commit(), after.time(), after.runId(), cp.stats().meanBefore(), cp.stats().meanAfter(),
                    cp.stats().changePercent(), cp.stats().pValue()));
        }
        return out;
    }

    /** The changes of every series, newest first; reports progress per series. */
    public List<SeriesChange> changes(List<Series> series, Progress progress) {
        List<SeriesChange> out = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            out.addAll(changes(series.get(i)));
            progress.update("change points", i + 1, series.size());
        }
        out.sort(NEWEST_FIRST);
        return out;
    }
}
