package org.jmalloc.lab.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jmalloc.lab.core.jmh.JmhResult;
import org.jmalloc.lab.core.jmh.Measurement;
import org.jmalloc.lab.core.run.RunFailure;
import org.jmalloc.lab.core.metric.Direction;
import org.jmalloc.lab.core.metric.MetricCatalog;
import org.jmalloc.lab.core.text.TextTable;

/**
 * The comparison table {@code lab bench} prints: one row per workload (benchmark class and its parameters other than
 * {@code impl}), one column per implementation, then jmalloc's ratio to the best native allocator and jmalloc's heap
 * allocation per operation.
 *
 * <p>Definitions:
 * <ul>
 *   <li>best native: the best score among glibc, jemalloc, mimalloc and tcmalloc in that row (lowest time, or highest
 *       throughput), counting only the implementations shown as columns;</li>
 *   <li>ratio: jmalloc's cost over the best native's, so below 1.00 means jmalloc is faster: {@code jmalloc / best}
 *       for times, {@code best / jmalloc} for throughputs;</li>
 *   <li>sample-mode benchmarks get three rows, the p50, p99 and p99.9 of the sampled times;</li>
 *   <li>throughputs in {@code ops/s} are shown in millions ({@code Mops/s});</li>
 *   <li>a missing score is {@code n/a [k]}, where footnote {@code k} below the table gives the reason JMH reported
 *       (a failed setup such as a library that is not installed, or a dead fork); a reason is printed once however
 *       many cells share it, which keeps the columns narrow.</li>
 * </ul>
 * All numbers are formatted with {@link Locale#ROOT}, so the output does not depend on the default locale.
 */
public final class ComparisonTable {

    /** The implementation the ratio and allocation columns are about. */
    public static final String JMALLOC = "jmalloc";
    /** The native allocators jmalloc is compared with. */
    public static final List<String> NATIVE_ANCHORS = List.of("glibc", "jemalloc", "mimalloc", "tcmalloc");

    private static final String IMPL = "impl";
    /** The percentiles a sample-mode benchmark gets a row for. */
    private static final List<String> SAMPLE_PERCENTILES =
            List.of(MetricCatalog.LATENCY_P50, MetricCatalog.LATENCY_P99, MetricCatalog.LATENCY_P99_9);

    private ComparisonTable() {
    }

    /**
     * The table for these results and failures, with one column per entry of {@code impls} (in that order), followed
     * by the footnotes and a legend; every line ends with {@code \n}.
     */
    public static String render(List<JmhResult> results, List<RunFailure> failures, List<String> impls) {
        Map<String, Workload> workloads = new TreeMap<>();
        Map<String, Set<String>> footprintRan = new HashMap<>();
        for (JmhResult r : results) {
            if (FootprintRun.isFootprint(r.benchmark())) {
                footprintRows(workloads, footprintRan, r);
            } else {
                workload(workloads, r.benchmark(), r.className(), r.params()).results.put(r.params().get(IMPL), r);
            }
        }
        for (RunFailure f : failures) {
            if (FootprintRun.isFootprint(f.benchmark())) {
                footprintFailure(workloads, f);
            } else {
                workload(workloads, f.benchmark(), JmhResult.className(f.benchmark()), f.params()).failures.put(f.params().get(IMPL), f.reason());
            }
        }

        List<String> headers = new ArrayList<>(List.of("workload", "unit"));
        impls.forEach(impl -> headers.add(">" + impl));
        headers.addAll(List.of(">jmalloc/best native", "best native", ">jmalloc B/op"));
        TextTable table = TextTable.of(headers.toArray(String[]::new));
        Map<String, Integer> footnotes = new LinkedHashMap<>();
        for (Workload w : workloads.values()) {
            JmhResult any = w.results.values().stream().findFirst().orElse(null);
            if (w.metric != null) {
                table.row(w.row(null, r -> r.secondary().get(w.metric).score(), impls, footnotes).toArray());
            } else if (any != null && any.mode().equals("sample")) {
                for (String metric : SAMPLE_PERCENTILES) {
                    table.row(w.row(metric.substring("latency.".length()), r -> score(r, metric), impls, footnotes)
                            .toArray());
                }
            } else {
                table.row(w.row(null, r -> r.primary().score(), impls, footnotes).toArray());
            }
        }

        StringBuilder out = new StringBuilder(table.render(""));
        footnotes.forEach((reason, n) -> out.append('[').append(n).append("] ").append(reason).append('\n'));
        out.append("jmalloc/best native: jmalloc's time per operation over the best of ")
                .append(String.join(", ", NATIVE_ANCHORS))
                .append(" (for throughput: best ops/s over jmalloc's); below 1.00 jmalloc is faster.\n")
                .append("jmalloc B/op: heap bytes allocated per operation (JMH -prof gc, gc.alloc.rate.norm)"
                        + " on jmalloc's raw API path.\n");
        if (workloads.values().stream().anyMatch(w -> w.metric != null)) {
            out.append("Footprint rows (<benchmark>.<method> <metric>): one figure per row, lower is better; ratios are"
                    + " memory over live bytes or over the peak, footprint.* from the kernel's view of the process,"
                    + " stats.* from the allocator's own counters (benchmarks/README.md defines each).\n");
        }
        return out.toString();
    }

    /**
     * A footprint benchmark's rows: one per figure it reports ({@code footprint.*}, {@code stats.*}), labelled
     * {@code <class>.<method> <params> <metric>}; its primary score (the workload's wall time) gets no row.
     */
    private static void footprintRows(Map<String, Workload> workloads, Map<String, Set<String>> ran, JmhResult r) {
        String prefix = footprintLabel(r.benchmark(), r.params());
        Set<String> ranHere = ran.computeIfAbsent(prefix, k -> new HashSet<>());
        ranHere.add(r.params().get(IMPL));
        for (String metric : r.secondary().keySet()) {
            if (metric.startsWith("footprint.") || metric.startsWith("stats.")) {
                Workload w = workloads.computeIfAbsent(prefix + " " + metric, label -> new Workload(label, metric));
                w.results.put(r.params().get(IMPL), r);
                w.ran = ranHere;
            }
        }
    }

    /** A failed footprint run marks every row of its benchmark and parameters, or one row when there is none yet. */
    private static void footprintFailure(Map<String, Workload> workloads, RunFailure f) {
        String prefix = footprintLabel(f.benchmark(), f.params()) + " ";
        boolean marked = false;
        for (Workload w : workloads.values()) {
            if (w.metric != null && w.label.startsWith(prefix)) {
                w.failures.put(f.params().get(IMPL), f.reason());
                marked = true;
            }
        }
        if (!marked) {
            workloads.computeIfAbsent(prefix + "(no figures)", label -> new Workload(label, null))
                    .failures.put(f.params().get(IMPL), f.reason());
        }
    }

    /** {@code FragmentationFootprint.fragment defrag=true}: class without "Benchmark", method, other parameters. */
    private static String footprintLabel(String benchmark, Map<String, String> params) {
        String className = JmhResult.className(benchmark);
        String name = className.endsWith("Benchmark")
                ? className.substring(0, className.length() - "Benchmark".length()) : className;
        String shown = params.entrySet().stream().filter(e -> !e.getKey().equals(IMPL))
                .sorted(Map.Entry.comparingByKey())
                .map(e -> " " + e.getKey() + "=" + e.getValue()).collect(Collectors.joining());
        return name + "." + benchmark.substring(benchmark.lastIndexOf('.') + 1) + shown;
    }

    private static Workload workload(Map<String, Workload> workloads, String benchmark, String className,
            Map<String, String> params) {
        String shown = params.entrySet().stream().filter(e -> !e.getKey().equals(IMPL))
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        String name = className.endsWith("Benchmark")
                ? className.substring(0, className.length() - "Benchmark".length()) : className;
        String label = shown.isEmpty() ? name : name + " " + shown;
        return workloads.computeIfAbsent(label + "\u0000" + benchmark, k -> new Workload(label, null));
    }

    /** Formats a score with 3 or 4 significant digits (fewer decimals as it grows), or {@code n/a} for NaN. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double magnitude = Math.abs(value);
        String format = magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : magnitude >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, format, value);
    }

    /** The result's score of the metric, NaN when it has none. */
    private static double score(JmhResult result, String metric) {
        return result.measurement(metric).map(Measurement::score).orElse(Double.NaN);
    }

    private interface Score {
        double of(JmhResult result);
    }

    /** The results and failures of one workload, by implementation. */
    private static final class Workload {
        final String label;
        /** The secondary metric this row shows (a footprint figure), or null for the primary score. */
        final String metric;
        final Map<String, JmhResult> results = new LinkedHashMap<>();
        final Map<String, String> failures = new LinkedHashMap<>();
        /** The implementations that ran this footprint benchmark with these parameters (whatever they reported). */
        Set<String> ran = Set.of();

        Workload(String label, String metric) {
            this.label = label;
            this.metric = metric;
        }

        List<String> row(String statistic, Score score, List<String> impls, Map<String, Integer> footnotes) {
            JmhResult any = results.values().stream().findFirst().orElse(null);
            // Footprint figures are bytes and ratios of memory held: lower is better.
            Direction direction = any == null || metric != null ? Direction.LOWER_IS_BETTER
                    : any.primaryMetric().direction();
            boolean higherIsBetter = direction == Direction.HIGHER_IS_BETTER;
            String unit = any == null ? "" : metric != null ? any.secondary().get(metric).unit() : any.primary().unit();
            double scale = unit.equals("ops/s") ? 1e-6 : 1;
            String shownUnit = unit.equals("ops/s") ? "Mops/s" : unit;

            List<String> cells = new ArrayList<>();
            cells.add(statistic == null ? label : label + " " + statistic);
            cells.add(shownUnit);
            for (String impl : impls) {
                JmhResult r = results.get(impl);
                if (r != null) {
                    cells.add(number(score.of(r) * scale));
                } else {
                    String reason = failures.getOrDefault(impl, ran.contains(impl)
                            ? "not reported: the implementation has no counter for this figure"
                            : "no result and no failure reported (not run, or the run was cut short)");
                    cells.add("n/a [" + footnotes.computeIfAbsent(reason, k -> footnotes.size() + 1) + "]");
                }
            }

            JmhResult jmalloc = results.get(JMALLOC);
            String best = null;
            double bestScore = Double.NaN;
            for (String anchor : NATIVE_ANCHORS) {
                JmhResult r = impls.contains(anchor) ? results.get(anchor) : null;
                if (r == null || Double.isNaN(score.of(r))) {
                    continue;
                }
                double s = score.of(r);
                if (best == null || direction.isBetter(s, bestScore)) {
                    best = anchor;
                    bestScore = s;
                }
            }
            if (jmalloc != null && best != null) {
                double j = score.of(jmalloc);
                cells.add(String.format(Locale.ROOT, "%.2f", higherIsBetter ? bestScore / j : j / bestScore));
                cells.add(best);
            } else {
                cells.add("n/a");
                cells.add(best == null ? "n/a" : best);
            }
            double norm = jmalloc == null || metric != null ? Double.NaN
                    : score(jmalloc, MetricCatalog.GC_ALLOC_RATE_NORM);
            cells.add(number(norm));
            return cells;
        }
    }
}
