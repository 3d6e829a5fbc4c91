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
 * its reference lines the anchors' latest figures on the profile measured last, its markers the
 * change points of jmalloc's series (one per commit). When a (params, metric) has no jmalloc series, every series is a line.
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
            Chart chart = chart(e.getKey(), e.getValue(), changes);
            if (chart != null) {
                charts.add(chart);
            }
        }
        return charts;
    }

    /** The chart of a group, or null when none of its series has a measured value. */
    private static Chart chart(ReportData.Group group, List<Series> series, List<SeriesChange> changes) {
        boolean anyOurs = series.stream().anyMatch(s -> Implementations.isOurs(s.key().implementation()));
        Set<String> profiles = new LinkedHashSet<>();
        series.forEach(s -> profiles.add(s.key().hardwareProfile()));
        // Reference lines come from one profile, the one measured last, so that several profiles do not
        // stack five anchors each; the front page's table has every profile's anchors.
        String anchorProfile = series.stream().filter(s -> !Implementations.isOurs(s.key().implementation()))
                .max(Comparator.comparing((Series s) -> ReportData.latest(s).time())
                        .thenComparing(s -> s.key().hardwareProfile()))
                .map(s -> s.key().hardwareProfile()).orElse("");
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
            } else if (profile.equals(anchorProfile) && Double.isFinite(ReportData.latest(s).value())) {
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
                String label = SeriesChange.shortCommit(c.commit());
                if (marks.stream().noneMatch(m -> m.label().equals(label))) {
                    marks.add(new TrendChartData.Change(c.time(), label));
                }
            }
        }
        if (lines.isEmpty()) {
            return null;
        }
        String title = Slugs.shortName(group.benchmark()) + paramsSuffix(group.params());
        String unit = series.getFirst().unit();
        return new Chart(new TrendChartData(title, group.metric(), unit, lines, anchors, marks), baseName(group));
    }

    /**
     * The file name (without extension) of a group's chart: the benchmark's method and the metric, readable
     * within the slug's length, and the hash of the whole group.
     */
    static String baseName(ReportData.Group group) {
        String method = group.benchmark().substring(group.benchmark().lastIndexOf('.') + 1);
        return Slugs.of(method + "-" + group.metric(),
                group.benchmark() + '\u0000' + group.params().canonical() + '\u0000' + group.metric());
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
