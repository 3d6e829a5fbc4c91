package org.jmalloc.results.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jmalloc.results.chart.TrendChartData;
import org.jmalloc.results.model.Params;
import org.jmalloc.results.model.Point;
import org.jmalloc.results.model.Series;

/**
 * One benchmark's page: a trend chart per (params, metric) and the benchmark's change points.
 *
 * <p>A chart's lines are jmalloc's series (one per implementation variant and hardware profile),
 * its reference lines the anchors' latest figures, its markers the change points of jmalloc's
 * series. When a (params, metric) has no jmalloc series, every series is a line.
 */
final class BenchmarkPage {

    /** A chart to draw for this page: its data and its file name without extension. */
    record Chart(TrendChartData data, String baseName) {
    }

    private BenchmarkPage() {
    }

    /** The charts of one benchmark, in page order. */
    static List<Chart> charts(String benchmark, List<Series> series, List<SeriesChange> changes) {
        Map<ReportData.Group, List<Series>> groups = new TreeMap<>();
        for (Series s : series) {
            groups.computeIfAbsent(new ReportData.Group(benchmark, s.key().params(), s.key().metric()),
                    k -> new ArrayList<>()).add(s);
        }
        List<Chart> charts = new ArrayList<>();
        for (Map.Entry<ReportData.Group, List<Series>> e : groups.entrySet()) {
            charts.add(chart(e.getKey(), e.getValue(), changes));
        }
        return charts;
    }

    private static Chart chart(ReportData.Group group, List<Series> series, List<SeriesChange> changes) {
        boolean anyOurs = series.stream().anyMatch(s -> Implementations.isOurs(s.key().implementation()));
        Set<String> profiles = new LinkedHashSet<>();
        series.forEach(s -> profiles.add(s.key().hardwareProfile()));
        List<TrendChartData.Line> lines = new ArrayList<>();
        List<TrendChartData.Reference> anchors = new ArrayList<>();
        for (Series s : series) {
            String impl = s.key().implementation();
            String profile = s.key().hardwareProfile();
            if (!anyOurs || Implementations.isOurs(impl)) {
                List<TrendChartData.Point> points = new ArrayList<>();
                for (Point p : s.points()) {
                    if (Double.isFinite(p.value())) {
                        points.add(new TrendChartData.Point(p.time(), p.value(), p.error()));
                    }
                }
                if (!points.isEmpty()) {
                    lines.add(new TrendChartData.Line(impl + (profile.isEmpty() ? "" : " @ " + profile), points));
                }
            } else {
                double latest = ReportData.latest(s).value();
                anchors.add(new TrendChartData.Reference(impl + " " + Numbers.value(latest)
                        + (profiles.size() > 1 && !profile.isEmpty() ? " @ " + profile : ""), latest));
            }
        }
        anchors.sort(Comparator.comparing(TrendChartData.Reference::label, Implementations.ANCHORS));
        List<TrendChartData.Change> marks = new ArrayList<>();
        for (SeriesChange c : changes) {
            if (c.series().params().equals(group.params()) && c.series().metric().equals(group.metric())
                    && (!anyOurs || Implementations.isOurs(c.series().implementation()))) {
                marks.add(new TrendChartData.Change(c.time(), SeriesChange.shortCommit(c.commit())));
            }
        }
        String title = Slugs.shortName(group.benchmark()) + paramsSuffix(group.params());
        String unit = series.getFirst().unit();
        TrendChartData data = new TrendChartData(title, group.metric(), unit, lines, anchors, marks);
        String base = Slugs.of(Slugs.shortName(group.benchmark()) + "-" + group.metric(),
                group.benchmark() + '\u0000' + group.params().canonical() + '\u0000' + group.metric());
        return new Chart(data, base);
    }

    private static String paramsSuffix(Params params) {
        return params.values().isEmpty() ? "" : " [" + params.canonical() + "]";
    }

    /** The page's HTML; charts are in {@code ../charts/}. */
    static String render(String benchmark, List<Chart> charts, List<SeriesChange> changes,
                         Map<String, String> pages) {
        HtmlPage page = new HtmlPage(Slugs.shortName(benchmark) + " \u2014 " + IndexPage.TITLE, "../");
        page.h1(Slugs.shortName(benchmark));
        page.p("fullname", Html.text(benchmark));
        page.h2("Trends", "trends");
        if (charts.isEmpty()) {
            page.p(Html.text("No measured value to draw."));
        }
        for (Chart c : charts) {
            TrendChartData d = c.data();
            String alt = d.title() + ": " + d.metric() + " over time";
            page.figure("../charts/" + c.baseName() + ".png", "../charts/" + c.baseName() + ".svg", alt,
                    Html.text(d.title() + " \u2014 " + d.metric() + " (" + d.unit() + "); " + d.lines().size()
                            + " lines, " + d.anchors().size() + " anchors, " + d.changes().size() + " change points"));
        }
        page.h2("Change points", "changes");
        ChangeTable.append(page, changes, pages, "../");
        return page.render();
    }
}
