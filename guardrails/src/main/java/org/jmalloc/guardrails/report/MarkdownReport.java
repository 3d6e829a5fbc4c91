package org.jmalloc.guardrails.report;

import java.util.Comparator;
import java.util.List;
import org.jmalloc.guardrails.verdict.GateResult;
import org.jmalloc.guardrails.verdict.MetricVerdict;
import org.jmalloc.guardrails.verdict.Outcome;
import org.jmalloc.guardrails.verdict.Verdict;

/**
 * The gate's summary for a pull-request comment (GitHub-flavoured Markdown): the outcome in the first line, the
 * metrics that need attention (regressions, inconclusive, improvements) first, every guarded metric in a collapsed
 * table below, then NEW and CHANGED benchmarks and the notes.
 */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    public static String render(GateResult r) {
        StringBuilder md = new StringBuilder();
        md.append("## jmalloc gate: ").append(headline(r)).append("\n\n");
        md.append("Baseline `").append(r.baseline()).append("`, candidate `").append(r.candidate()).append("`, ")
                .append(r.mode()).append(" gate, ").append(r.instrument()).append(". ")
                .append(r.count(Verdict.PASS)).append(" passed, ").append(r.count(Verdict.REGRESSION))
                .append(" regressed, ").append(r.count(Verdict.INCONCLUSIVE)).append(" inconclusive, ")
                .append(r.count(Verdict.IMPROVEMENT)).append(" improved; wall time ")
                .append(Format.duration(r.wallSeconds())).append(", seed ").append(r.seed()).append(".\n\n");
        List<MetricVerdict> attention = compared(r).stream()
                .filter(v -> v.verdict() != Verdict.PASS)
                .sorted(Comparator.comparingInt(v -> rank(v.verdict()))).toList();
        if (!attention.isEmpty()) {
            table(md, attention);
            md.append('\n');
            for (MetricVerdict v : attention) {
                md.append("- **").append(v.verdict()).append("** ").append(v.benchmark()).append(" `")
                        .append(v.metric()).append("`: ").append(v.explanation()).append('\n');
            }
            md.append('\n');
        }
        md.append("<details><summary>All ").append(compared(r).size()).append(" guarded metrics</summary>\n\n");
        table(md, compared(r));
        md.append("\n</details>\n");
        List<MetricVerdict> listed = r.verdicts().stream()
                .filter(v -> v.verdict() == Verdict.NEW || v.verdict() == Verdict.CHANGED).toList();
        if (!listed.isEmpty()) {
            md.append("\nNot compared (never counted as passed):\n\n");
            listed.forEach(v -> md.append("- ").append(v.verdict()).append(' ').append(v.benchmark()).append(": ")
                    .append(v.explanation()).append('\n'));
        }
        if (!r.notes().isEmpty()) {
            md.append('\n');
            r.notes().forEach(n -> md.append("> ").append(n).append('\n'));
        }
        return md.toString();
    }

    private static String headline(GateResult r) {
        Outcome o = r.outcome();
        return switch (o) {
            case PASS -> "PASS";
            case REGRESSION -> "REGRESSION (" + r.count(Verdict.REGRESSION) + " metric"
                    + (r.count(Verdict.REGRESSION) == 1 ? "" : "s") + ")";
            case INCONCLUSIVE -> "INCONCLUSIVE (failed closed: " + r.count(Verdict.INCONCLUSIVE) + " metric"
                    + (r.count(Verdict.INCONCLUSIVE) == 1 ? "" : "s") + " undecided at the fork budget)";
        };
    }

    private static void table(StringBuilder md, List<MetricVerdict> rows) {
        md.append("| verdict | benchmark | metric | baseline | candidate | change [interval] | p (Holm) | threshold"
                + " | forks |\n");
        md.append("|---|---|---|--:|--:|--:|--:|--:|--:|\n");
        for (MetricVerdict v : rows) {
            md.append("| ").append(v.verdict()).append(" | ").append(v.benchmark()).append(" | `")
                    .append(v.metric()).append("` | ").append(Format.value(v.baseline())).append(' ')
                    .append(v.unit()).append(" | ").append(Format.value(v.candidate())).append(' ').append(v.unit())
                    .append(" | ").append(Format.change(v)).append(" | ").append(Format.p(v.pAdjusted()))
                    .append(" | ").append(v.threshold()).append(" | ").append(v.baselineForks()).append('+')
                    .append(v.candidateForks()).append(" |\n");
        }
    }

    static List<MetricVerdict> compared(GateResult r) {
        return r.verdicts().stream().filter(v -> v.verdict() != Verdict.NEW && v.verdict() != Verdict.CHANGED)
                .toList();
    }

    private static int rank(Verdict v) {
        return switch (v) {
            case REGRESSION -> 0;
            case INCONCLUSIVE -> 1;
            case IMPROVEMENT -> 2;
            default -> 3;
        };
    }
}
