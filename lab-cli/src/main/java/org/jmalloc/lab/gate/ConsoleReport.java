package org.jmalloc.lab.gate;

import org.jmalloc.guardrails.report.Format;
import org.jmalloc.guardrails.verdict.GateResult;
import org.jmalloc.guardrails.verdict.MetricVerdict;
import org.jmalloc.guardrails.verdict.Verdict;
import org.jmalloc.lab.core.text.TextTable;

/** The gate's console table: one row per guarded metric, then the outcome line and the notes. */
public final class ConsoleReport {

    private ConsoleReport() {
    }

    public static String render(GateResult r) {
        TextTable table = TextTable.of("verdict", "benchmark", "metric", ">baseline", ">candidate", "unit",
                ">change [interval]", ">p (Holm)", ">threshold", ">forks");
        for (MetricVerdict v : r.verdicts()) {
            table.row(v.verdict(), v.benchmark(), v.metric(), Format.value(v.baseline()), Format.value(v.candidate()),
                    v.unit().isEmpty() ? "-" : v.unit(), Format.change(v), Format.p(v.pAdjusted()), v.threshold(),
                    v.baselineForks() + "+" + v.candidateForks());
        }
        StringBuilder s = new StringBuilder();
        s.append("gate ").append(r.mode()).append(": baseline ").append(r.baseline()).append(", candidate ")
                .append(r.candidate()).append('\n');
        s.append("instrument: ").append(r.instrument()).append('\n');
        s.append(table.render(""));
        s.append(r.outcome()).append(" (exit ").append(r.outcome().exitCode()).append("): ")
                .append(r.count(Verdict.REGRESSION)).append(" regressed, ")
                .append(r.count(Verdict.INCONCLUSIVE)).append(" inconclusive, ")
                .append(r.count(Verdict.PASS)).append(" passed, ")
                .append(r.count(Verdict.IMPROVEMENT)).append(" improved; seed ")
                .append(r.seed()).append(", wall time ").append(Format.duration(r.wallSeconds())).append('\n');
        for (MetricVerdict v : r.verdicts()) {
            if (v.verdict() == Verdict.REGRESSION
                    || v.verdict() == Verdict.INCONCLUSIVE) {
                s.append("  ").append(v.verdict()).append(' ').append(v.benchmark()).append(' ').append(v.metric())
                        .append(": ").append(v.explanation()).append('\n');
            }
        }
        r.notes().forEach(n -> s.append("note: ").append(n).append('\n'));
        return s.toString();
    }
}
