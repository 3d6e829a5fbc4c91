package org.jmalloc.lab.gate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jmalloc.guardrails.verdict.GateResult;
import org.jmalloc.lab.core.metric.MetricKind;
import org.jmalloc.guardrails.verdict.MetricVerdict;
import org.jmalloc.guardrails.verdict.Verdict;
import org.jmalloc.results.chart.ChartFiles;
import org.jmalloc.results.chart.ComparisonChart;

/**
 * The gate's comparison charts: for every noisy metric and every metric that did not pass, the baseline's and the
 * candidate's fork values side by side ({@link ComparisonChart}: box plots with every fork drawn over them), as PNG
 * and SVG under {@code charts/}, named after the benchmark and metric ({@code
 * mallocfreelatency-size-00064--latency-avg-cpu.png}). A deterministic metric that passed repeats one value per side
 * and gets no chart: there is nothing to see in it.
 */
final class GateCharts {

    private GateCharts() {
    }

    /** Writes the charts of {@code r} into {@code dir/charts}; the files written, PNG first. */
    static List<ChartFiles> write(GateResult r, Path dir) {
        Path charts = dir.resolve("charts");
        String baseline = "baseline " + shortLabel(r.baseline());
        String candidate = "candidate " + shortLabel(r.candidate());
        List<ChartFiles> written = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (MetricVerdict v : r.verdicts()) {
            boolean compared = v.verdict() != Verdict.NEW && v.verdict() != Verdict.CHANGED;
            boolean worthASight = v.kind() == MetricKind.NOISY || v.verdict() != Verdict.PASS;
            if (!compared || !worthASight || v.baselineSamples().length == 0 || v.candidateSamples().length == 0) {
                continue;
            }
            String name = slug(v.benchmark()) + "--" + slug(v.metric());
            for (int i = 2; !names.add(name); i++) {
                name = slug(v.benchmark()) + "--" + slug(v.metric()) + "-" + i;
            }
            written.add(ComparisonChart.write(v.metric() + " of " + v.benchmark(), v.unit(), baseline,
                    v.baselineSamples(), candidate, v.candidateSamples(), charts, name));
        }
        return written;
    }

    /** A file-name-safe lower-case form: runs of anything but letters and digits become one '-'. */
    static String slug(String s) {
        String t = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return t.replaceAll("^-+|-+$", "");
    }

    /** The revision's commit id, without how it was chosen ("3f2a1c0 (merge-base with main)" gives "3f2a1c0"). */
    private static String shortLabel(String revision) {
        int space = revision.indexOf(' ');
        return space < 0 ? revision : revision.substring(0, space);
    }
}
