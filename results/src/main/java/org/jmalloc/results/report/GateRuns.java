package org.jmalloc.results.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jmalloc.results.importer.VerdictImporter;
import org.jmalloc.results.model.Params;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.RunKind;

/**
 * The gate runs of a history, read back from the rows {@link VerdictImporter} writes: each verdict run
 * ({@code gate-<hash>-verdict}) with the baseline's and the candidate's runs of the same prefix, paired metric by
 * metric. Gate rows of other runs (the per-fork JMH results {@code ./lab gate} also records) have no verdict and
 * are not gates here.
 */
final class GateRuns {

    private GateRuns() {
    }

    /**
     * One guarded metric of a gate.
     *
     * @param params    the benchmark's parameters (without the verdict's own)
     * @param verdict   as the gate wrote it, e.g. {@code REGRESSION}
     * @param ratio     candidate/baseline, NaN when the gate gave none
     * @param baseline  the baseline's median and fork samples, when the gate measured them
     * @param candidate the candidate's
     */
    record Metric(String benchmark, Params params, String metric, String verdict, double ratio,
                  Optional<ResultRow> baseline, Optional<ResultRow> candidate) {

        /** The metric's unit, from the side that has one; empty when neither has. */
        String unit() {
            return baseline.or(() -> candidate).map(ResultRow::unit).orElse("");
        }
    }

    /**
     * One gate run.
     *
     * @param id        the run id prefix shared by its three runs, {@code gate-<hash>}
     * @param time      when it finished
     * @param baseline  the baseline's commit, empty when no baseline figure was recorded
     * @param candidate the candidate's commit
     * @param outcome   the gate's outcome as written, e.g. {@code PASS}
     * @param metrics   sorted by benchmark, params, metric
     */
    record Gate(String id, Instant time, String baseline, String candidate, String branch, String hardwareProfile,
                String outcome, List<Metric> metrics) {
    }

    /** Newest first. */
    static final Comparator<Gate> NEWEST_FIRST = Comparator.comparing(Gate::time).reversed()
            .thenComparing(Gate::id);

    private static final Comparator<Metric> ORDER = Comparator.comparing(Metric::benchmark)
            .thenComparing(Metric::params).thenComparing(Metric::metric);

    /** The gates among {@code rows}, newest first. */
    static List<Gate> of(List<ResultRow> rows) {
        Map<String, List<ResultRow>> byRun = new HashMap<>();
        for (ResultRow r : rows) {
            if (r.kind() == RunKind.GATE) {
                byRun.computeIfAbsent(r.runId(), k -> new ArrayList<>()).add(r);
            }
        }
        List<Gate> gates = new ArrayList<>();
        for (Map.Entry<String, List<ResultRow>> run : byRun.entrySet()) {
            if (!run.getKey().endsWith(VerdictImporter.VERDICT_SUFFIX)) {
                continue;
            }
            String id = run.getKey().substring(0, run.getKey().length() - VerdictImporter.VERDICT_SUFFIX.length());
            Map<String, ResultRow> baseline = bySubject(byRun.get(id + VerdictImporter.BASELINE_SUFFIX));
            Map<String, ResultRow> candidate = bySubject(byRun.get(id + VerdictImporter.CANDIDATE_SUFFIX));
            List<Metric> metrics = new ArrayList<>();
            String outcome = "";
            for (ResultRow v : run.getValue()) {
                Params params = v.params().without(VerdictImporter.VERDICT_PARAM)
                        .without(VerdictImporter.OUTCOME_PARAM);
                String subject = subject(v.benchmark(), params, v.metric());
                metrics.add(new Metric(v.benchmark(), params, v.metric(),
                        orEmpty(v.params().get(VerdictImporter.VERDICT_PARAM)), v.value(),
                        Optional.ofNullable(baseline.get(subject)), Optional.ofNullable(candidate.get(subject))));
                outcome = orEmpty(v.params().get(VerdictImporter.OUTCOME_PARAM));
            }
            metrics.sort(ORDER);
            ResultRow first = run.getValue().getFirst();
            String baselineCommit = baseline.values().stream().findFirst().map(ResultRow::commit).orElse("");
            gates.add(new Gate(id, first.timestamp(), baselineCommit, first.commit(), first.branch(),
                    first.hardwareProfile(), outcome, List.copyOf(metrics)));
        }
        gates.sort(NEWEST_FIRST);
        return gates;
    }

    private static Map<String, ResultRow> bySubject(List<ResultRow> rows) {
        Map<String, ResultRow> out = new HashMap<>();
        for (ResultRow r : rows == null ? List.<ResultRow>of() : rows) {
            out.put(subject(r.benchmark(), r.params(), r.metric()), r);
        }
        return out;
    }

    private static String subject(String benchmark, Params params, String metric) {
        return benchmark + '\u0000' + params.canonical() + '\u0000' + metric;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
