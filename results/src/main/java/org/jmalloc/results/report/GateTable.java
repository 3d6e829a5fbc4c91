package org.jmalloc.results.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jmalloc.results.chart.ComparisonChart;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.report.GateRuns.Gate;
import org.jmalloc.results.report.GateRuns.Metric;

/**
 * The front page's table of gate runs: one row per guarded metric of each of the newest {@value #SHOWN} gates, the
 * baseline's and the candidate's medians side by side with the change, the verdict and a link to the metric's
 * comparison chart (both sides' fork samples, {@link ComparisonChart}); then the charts of the newest gate, the
 * metrics that did not pass first.
 */
final class GateTable {

    /** How many gate runs the table shows, newest first. */
    static final int SHOWN = 10;
    /** How many comparison charts of the newest gate the page shows as figures. */
    static final int FIGURES = 4;

    private GateTable() {
    }

    /** A comparison chart to write: one metric of one gate, both sides with fork samples. */
    record Chart(Gate gate, Metric metric, String baseName) {

        String baselineLabel() {
            return "baseline " + SeriesChange.shortCommit(gate.baseline());
        }

        String candidateLabel() {
            return "candidate " + SeriesChange.shortCommit(gate.candidate());
        }

        double[] baselineSamples() {
            return samples(metric.baseline().orElseThrow());
        }

        double[] candidateSamples() {
            return samples(metric.candidate().orElseThrow());
        }
    }

    /** The charts of the shown gates: every metric whose two sides have finite fork samples. */
    static List<Chart> charts(List<Gate> gates) {
        List<Chart> out = new ArrayList<>();
        for (Gate g : gates.subList(0, Math.min(SHOWN, gates.size()))) {
            for (Metric m : g.metrics()) {
                if (hasSamples(m.baseline().orElse(null)) && hasSamples(m.candidate().orElse(null))) {
                    out.add(new Chart(g, m, baseName(g, m)));
                }
            }
        }
        return out;
    }

    /** E.g. {@code gate-MallocFreeLatency-latency.avg.cpu-1a2b3c4d}. */
    static String baseName(Gate g, Metric m) {
        return "gate-" + Slugs.of(m.benchmark() + "-" + m.metric(),
                g.id() + '\u0000' + m.benchmark() + '\u0000' + m.params().canonical() + '\u0000' + m.metric());
    }

    /**
     * Appends the section.
     *
     * @param charts the base names of the comparison charts that were written
     */
    static void append(HtmlPage page, List<Gate> gates, Set<String> charts) {
        page.h2("Gate runs", "gates");
        if (gates.isEmpty()) {
            page.p(Html.text("No gate run in the history yet; ./lab gate records its verdicts (or import a verdict"
                    + " with ./lab history import target/gate/gate.json)."));
            return;
        }
        List<Gate> shown = gates.subList(0, Math.min(SHOWN, gates.size()));
        page.p(Html.text("Each row: one guarded metric of a gate run, the baseline's and the candidate's median over"
                + " their forks (n forks in brackets), the candidate's change against the baseline and the gate's"
                + " verdict; the chart shows every fork of both sides."));
        List<List<Html>> rows = new ArrayList<>();
        for (Gate g : shown) {
            for (Metric m : g.metrics()) {
                String base = baseName(g, m);
                rows.add(List.of(Html.text(IndexPage.TIME.format(g.time())),
                        Html.text(SeriesChange.shortCommit(g.baseline())),
                        Html.text(SeriesChange.shortCommit(g.candidate())), judgement(g.outcome()),
                        Html.text(m.benchmark()), Html.text(m.params().canonical()),
                        Html.text(m.metric() + (m.unit().isEmpty() ? "" : " (" + m.unit() + ")")),
                        side(m.baseline().orElse(null)), side(m.candidate().orElse(null)),
                        Html.text(Double.isFinite(m.ratio()) ? Numbers.percent((m.ratio() - 1) * 100) : "\u2014"),
                        judgement(m.verdict()),
                        charts.contains(base)
                                ? Html.concat(Html.link("charts/" + base + ".png", "chart"), new Html(" "),
                                        Html.link("charts/" + base + ".svg", "svg"))
                                : Html.text("")));
            }
        }
        page.table("gates", List.of("time", "baseline", "candidate", "outcome", "benchmark", "params", "metric",
                ">baseline", ">candidate", ">change", "verdict", "chart"), rows);
        if (gates.size() > shown.size()) {
            page.p(Html.text((gates.size() - shown.size()) + " older gate runs are in the history and not shown."));
        }
        Gate newest = gates.getFirst();
        List<Metric> first = new ArrayList<>(newest.metrics());
        first.sort(Comparator.comparing(m -> m.verdict().equalsIgnoreCase("PASS")));
        int figures = 0;
        for (Metric m : first) {
            String base = baseName(newest, m);
            if (figures < FIGURES && charts.contains(base)) {
                figures++;
                page.figure("charts/" + base + ".png", "charts/" + base + ".svg",
                        m.benchmark() + " " + m.metric() + ": baseline against candidate", ComparisonChart.WIDTH,
                        ComparisonChart.HEIGHT, Html.text("Gate " + SeriesChange.shortCommit(newest.baseline())
                                + ".." + SeriesChange.shortCommit(newest.candidate()) + ": " + m.benchmark() + " "
                                + m.params().canonical() + " " + m.metric() + ", " + m.verdict()));
            }
        }
    }

    /** A verdict or outcome, marked by class when it is one the gate writes. */
    private static Html judgement(String verdict) {
        String v = verdict.toLowerCase(Locale.ROOT);
        return switch (v) {
            case "pass", "regression", "improvement", "inconclusive" -> Html.element("span", v, Html.text(verdict));
            default -> Html.text(verdict);
        };
    }

    private static Html side(ResultRow r) {
        if (r == null) {
            return Html.text("\u2014");
        }
        return Html.text(Numbers.value(r.value()) + (r.samples().isEmpty() ? "" : " (" + r.samples().size() + ")"));
    }

    private static boolean hasSamples(ResultRow r) {
        return r != null && !r.samples().isEmpty() && r.samples().stream().allMatch(Double::isFinite);
    }

    private static double[] samples(ResultRow r) {
        return r.samples().stream().mapToDouble(Double::doubleValue).toArray();
    }
}
