package org.jmalloc.results.report;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jmalloc.results.model.Point;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.RunInfo;
import org.jmalloc.results.model.Series;
import org.jmalloc.results.store.Problem;

/**
 * The site's front page: what the history holds, the latest figures against the anchors, the
 * change points, the gate runs with their verdicts, the latest matrix cells, and a link to every
 * benchmark's page.
 * An empty history gives a page that says so and shows the command that records a first run.
 */
final class IndexPage {

    static final String TITLE = "jmalloc performance report";
    /** The command the empty report suggests. */
    static final String FIRST_RUN = "./lab bench --quick";
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private IndexPage() {
    }

    /** How many charts of recent change points the front page shows. */
    static final int RECENT_CHARTS = 4;

    /**
     * @param benchmarkPages benchmark name to its page, relative to the site root
     * @param charts         the base names of the charts that were written
     */
    static String render(ReportData data, Map<String, String> benchmarkPages, Set<String> charts) {
        HtmlPage page = new HtmlPage(TITLE, "");
        page.h1(TITLE);
        Optional<RunInfo> latest = data.latestRun();
        if (latest.isEmpty()) {
            page.p("empty", Html.text("The history is empty: no run has been recorded yet (" + data.source() + ")."));
            page.p(Html.text("Record a first run; the benchmarks append their results to the history:"));
            page.command(FIRST_RUN);
            page.p(Html.text("or import a JMH result file that you already have, then build this report again:"));
            page.command("./lab history import FILE.json && ./lab report");
            problems(page, data.problems());
            return page.render();
        }
        RunInfo run = latest.get();
        page.p("summary", Html.text(data.source() + ": " + data.runs().size() + " runs, " + data.rowCount()
                + " rows, " + data.trends().size() + " series. Latest run " + run.runId() + " ("
                + run.kind().id() + ") at " + TIME.format(run.timestamp())
                + (run.commit().isEmpty() ? "" : ", commit " + SeriesChange.shortCommit(run.commit()))
                + (run.hardwareProfile().isEmpty() ? "" : ", on " + run.hardwareProfile()) + "."));
        page.append(Html.concat(new Html("<nav>"), Html.link("#latest", "latest values"), new Html(" \u00b7 "),
                Html.link("#changes", "change points"), new Html(" \u00b7 "), Html.link("#gates", "gate runs"),
                new Html(" \u00b7 "), Html.link("#matrix", "matrix"), new Html(" \u00b7 "),
                Html.link("#benchmarks", "benchmarks"), new Html("</nav>")));
        latestValues(page, data, benchmarkPages);
        page.h2("Change points", "changes");
        ChangeTable.append(page, data.changes(), benchmarkPages, "");
        recentCharts(page, data, charts);
        GateTable.append(page, data.gates(), charts);
        matrix(page, data.matrix());
        page.h2("Benchmarks", "benchmarks");
        List<List<Html>> rows = new ArrayList<>();
        data.byBenchmark().forEach((benchmark, series) -> rows.add(List.of(
                Html.link(benchmarkPages.get(benchmark), Slugs.shortName(benchmark)), Html.text(benchmark),
                Html.text(Integer.toString(series.size())))));
        page.table("benchmarks", List.of("benchmark", "full name", ">series"), rows);
        problems(page, data.problems());
        return page.render();
    }

    /** One row per (benchmark, params, metric, profile, our implementation); one column per anchor. */
    private static void latestValues(HtmlPage page, ReportData data, Map<String, String> benchmarkPages) {
        page.h2("Latest values against the anchors", "latest");
        List<String> anchors = data.anchors();
        page.p(Html.text("Each cell: the anchor's latest figure and, in brackets, jmalloc's figure divided by it"
                + " (below 1 is faster for times, above 1 is faster for throughput)."));
        List<String> headers = new ArrayList<>(List.of("benchmark", "params", "metric", "profile", "implementation",
                ">value"));
        anchors.forEach(a -> headers.add(">" + a));
        List<List<Html>> rows = new ArrayList<>();
        for (Map.Entry<ReportData.Group, List<Series>> group : data.byGroup().entrySet()) {
            Map<String, Map<String, Series>> byProfile = new LinkedHashMap<>();
            TreeSet<String> profiles = new TreeSet<>();
            for (Series s : group.getValue()) {
                profiles.add(s.key().hardwareProfile());
                byProfile.computeIfAbsent(s.key().hardwareProfile(), k -> new LinkedHashMap<>())
                        .put(s.key().implementation(), s);
            }
            ReportData.Group g = group.getKey();
            for (String profile : profiles) {
                Map<String, Series> impls = byProfile.get(profile);
                List<String> ours = impls.keySet().stream().filter(Implementations::isOurs).sorted().toList();
                for (String impl : ours.isEmpty() ? List.of("") : ours) {
                    Point mine = impl.isEmpty() ? null : ReportData.latest(impls.get(impl));
                    List<Html> row = new ArrayList<>(List.of(
                            Html.link(benchmarkPages.get(g.benchmark()), Slugs.shortName(g.benchmark())),
                            Html.text(g.params().canonical()), Html.text(g.metric() + " (" + unit(group.getValue()) + ")"),
                            Html.text(profile), Html.text(impl.isEmpty() ? "\u2014" : impl),
                            Html.text(mine == null ? "\u2014" : Numbers.valueWithError(mine.value(), mine.error()))));
                    for (String anchor : anchors) {
                        Series a = impls.get(anchor);
                        if (a == null) {
                            row.add(Html.text(""));
                            continue;
                        }
                        double v = ReportData.latest(a).value();
                        String ratio = mine == null ? "" : " (" + Numbers.ratio(mine.value() / v) + ")";
                        row.add(Html.text(Numbers.value(v) + ratio));
                    }
                    rows.add(row);
                }
            }
        }
        page.table("latest", headers, rows);
    }

    /** The charts of the newest change points' (benchmark, params, metric), newest first. */
    private static void recentCharts(HtmlPage page, ReportData data, Set<String> charts) {
        Set<String> shown = new LinkedHashSet<>();
        for (SeriesChange c : data.changes()) {
            String base = BenchmarkPage.baseName(new ReportData.Group(c.series().benchmark(), c.series().params(),
                    c.series().metric()));
            if (charts.contains(base) && shown.size() < RECENT_CHARTS && shown.add(base)) {
                page.figure("charts/" + base + ".png", "charts/" + base + ".svg",
                        Slugs.shortName(c.series().benchmark()) + " " + c.series().metric() + " over time",
                        Html.text(Slugs.shortName(c.series().benchmark()) + " " + c.series().params().canonical()
                                + " " + c.series().metric() + ": latest change " + c.commitRange() + " "
                                + Numbers.percent(c.changePercent())));
            }
        }
    }

    private static String unit(List<Series> series) {
        return series.getFirst().unit();
    }

    /** Matrix cells: one row per (benchmark, params, metric, implementation), one column per profile. */
    private static void matrix(HtmlPage page, List<ResultRow> cells) {
        page.h2("Matrix cells", "matrix");
        if (cells.isEmpty()) {
            page.p(Html.text("No matrix run in the history yet."));
            return;
        }
        TreeSet<String> profiles = new TreeSet<>();
        Map<String, Map<String, ResultRow>> byRow = new LinkedHashMap<>();
        for (ResultRow r : cells) {
            profiles.add(r.hardwareProfile());
            String key = r.benchmark() + '\u0000' + r.params().canonical() + '\u0000' + r.metric() + '\u0000'
                    + r.implementation();
            byRow.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(r.hardwareProfile(), r);
        }
        List<String> headers = new ArrayList<>(List.of("benchmark", "params", "metric", "implementation"));
        profiles.forEach(p -> headers.add(">" + (p.isEmpty() ? "(unknown profile)" : p)));
        List<List<Html>> rows = new ArrayList<>();
        for (Map<String, ResultRow> cellsOfRow : byRow.values()) {
            ResultRow first = cellsOfRow.values().iterator().next();
            List<Html> row = new ArrayList<>(List.of(Html.text(Slugs.shortName(first.benchmark())),
                    Html.text(first.params().canonical()), Html.text(first.metric() + " (" + first.unit() + ")"),
                    Html.text(first.implementation())));
            for (String p : profiles) {
                ResultRow cell = cellsOfRow.get(p);
                row.add(Html.text(cell == null ? "" : Numbers.valueWithError(cell.value(), cell.error())));
            }
            rows.add(row);
        }
        page.table("matrix", headers, rows);
    }

    private static void problems(HtmlPage page, List<Problem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        page.h2("Rows that could not be read", "problems");
        page.p(Html.text(problems.size() + " rows or files could not be read and are left out of this report;"
                + " ./lab history check lists them too."));
        List<List<Html>> rows = new ArrayList<>();
        for (Problem p : problems) {
            rows.add(List.of(Html.text(p.location()), Html.text(Long.toString(p.line())), Html.text(p.reason())));
        }
        page.table("problems", List.of("where", ">line", "reason"), rows);
    }
}
