package org.jmalloc.lab.gate;

import java.util.Locale;
import java.util.Map;
import org.jmalloc.guardrails.run.Calibration;
import org.jmalloc.guardrails.run.SplitSimulator;

/** {@code lab calibrate}'s findings as Markdown (written to {@code target/gate/calibration.md} and printed). */
public final class CalibrationReport {

    private CalibrationReport() {
    }

    public static String render(Calibration.Report r, String command) {
        StringBuilder s = new StringBuilder();
        s.append("## Gate calibration\n\n");
        s.append(String.format(Locale.ROOT, "Command: `%s`. Pool: %d runs of one build (one fork of every quick-gate"
                + " benchmark each); slowed pools: %d runs each of the fast-path benchmarks; %d random splits per"
                + " rate; intervals are 95%% Clopper-Pearson over the splits (which reuse the pool's forks, so they"
                + " understate the run-to-run uncertainty).%n%n", command, r.poolRounds(), r.slowedRounds(),
                r.splits()));
        s.append(String.format(Locale.ROOT, "Reference: %s = %.3f ns/op; %d steps of harness extra work on every"
                + " call cost %.3f ns.%n%n", r.referenceRow(), r.referenceNanos(), Calibration.PILOT_STEPS,
                r.workNanos()));
        s.append("| what | rate | 95% interval | splits | rejected as REGRESSION / INCONCLUSIVE | forks per side |\n");
        s.append("|---|--:|--:|--:|--:|--:|\n");
        row(s, "false alarms, A/A (all guarded metrics together)", r.aa());
        for (Map.Entry<String, SplitSimulator.Rates> e : r.power().entrySet()) {
            row(s, "power, " + e.getKey() + " fast-path slowdown (the steps on " + every(r.periods().get(e.getKey()))
                    + realizedNote(e.getKey(), r.realized().get(e.getKey())) + ")", e.getValue());
        }
        row(s, "*runs shuffled:* false alarms, A/A", r.aaShuffled());
        for (Map.Entry<String, SplitSimulator.Rates> e : r.powerShuffled().entrySet()) {
            row(s, "*runs shuffled:* power, " + e.getKey() + " fast-path slowdown", e.getValue());
        }
        s.append("\nThe splits keep the gate's rounds: a round's two sides are runs collected next to each other (two"
                + " consecutive runs of the pool for A/A, the pool's and the slowed pool's runs of one round for"
                + " power), as the gate runs each round's baseline and candidate forks back to back, so a slow phase of"
                + " the machine lands on both sides of the rounds it spans. The *runs shuffled* rows draw every run"
                + " into either side instead, as if the runs were exchangeable: the pessimistic bound.\n");
        s.append("\nA 1% change of a deterministic metric (the candidate's forks of that series scaled by 1.01),"
                + " caught when that metric is a REGRESSION:\n\n");
        s.append("| metric | caught | of splits | forks per side |\n|---|--:|--:|--:|\n");
        for (Map.Entry<String, SplitSimulator.Rates> e : r.deterministic().entrySet()) {
            SplitSimulator.Rates rates = e.getValue();
            int caught = rates.regressionsBy().getOrDefault(e.getKey(), 0);
            s.append(String.format(Locale.ROOT, "| %s | %.1f%% | %d | up to %d |%n", e.getKey(),
                    100.0 * caught / rates.splits(), rates.splits(), rates.forksPerSide()));
        }
        s.append("\nWhat the A/A false alarms were: in how many of the ").append(r.aa().splits())
                .append(" splits each metric was a REGRESSION or INCONCLUSIVE (a split may count under several):\n\n");
        java.util.Set<String> culprits = new java.util.TreeSet<>(r.aa().regressionsBy().keySet());
        culprits.addAll(r.aa().inconclusiveBy().keySet());
        if (culprits.isEmpty()) {
            s.append("- none\n");
        } else {
            s.append("| metric | REGRESSION | INCONCLUSIVE |\n|---|--:|--:|\n");
            culprits.stream().sorted(java.util.Comparator.comparingInt((String k) -> -(r.aa().regressionsBy()
                    .getOrDefault(k, 0) + r.aa().inconclusiveBy().getOrDefault(k, 0))).thenComparing(k -> k))
                    .forEach(k -> s.append(String.format(Locale.ROOT, "| %s | %d | %d |%n", k,
                            r.aa().regressionsBy().getOrDefault(k, 0), r.aa().inconclusiveBy().getOrDefault(k, 0))));
        }
        s.append("\nRealized slowdowns (Hodges-Lehmann ratio of the slowed pool over the pool, minus 1):\n\n");
        for (Map.Entry<String, Map<String, Double>> e : r.realized().entrySet()) {
            s.append("- ").append(e.getKey()).append(" target: ");
            StringBuilder parts = new StringBuilder();
            e.getValue().forEach((k, v) -> parts.append(parts.isEmpty() ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%s %+.1f%%", k, v * 100)));
            s.append(parts).append('\n');
        }
        return s.toString();
    }

    /**
     * What the slowed pool's timed rows really moved, for the power row's label, and a warning when a row moved less
     * than half or more than twice the target: then the row's power is not the power at the slowdown it is named for
     * (the harness's extra work costs what the JIT makes of it, and its price in the pilot does not always hold).
     */
    static String realizedNote(String target, Map<String, Double> realized) {
        if (realized == null || realized.isEmpty()) {
            return "";
        }
        double t = Double.parseDouble(target.replace("%", "")) / 100;
        StringBuilder parts = new StringBuilder();
        boolean off = false;
        for (Map.Entry<String, Double> e : realized.entrySet()) {
            if (!e.getKey().endsWith(".cpu")) {
                continue; // the sampled p99 rows move in timer ticks
            }
            parts.append(parts.isEmpty() ? "" : " / ")
                    .append(String.format(Locale.ROOT, "%+.1f%%", e.getValue() * 100));
            off |= e.getValue() < t / 2 || e.getValue() > 2 * t;
        }
        if (parts.isEmpty()) {
            return "";
        }
        return "; realized " + parts + (off ? ": **not a " + target + " slowdown**, so not the power at " + target
                : "");
    }

    /** "every call", "every 2nd call", "every 17th call". */
    static String every(int period) {
        if (period <= 1) {
            return "every call";
        }
        String suffix = period % 100 >= 11 && period % 100 <= 13 ? "th" : switch (period % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return "every " + period + suffix + " call";
    }

    private static void row(StringBuilder s, String what, SplitSimulator.Rates rates) {
        double[] ci = rates.interval(0.95);
        s.append(String.format(Locale.ROOT, "| %s | %.1f%% | %.1f%% to %.1f%% | %d | %d / %d | up to %d |%n", what,
                rates.rate() * 100, ci[0] * 100, ci[1] * 100, rates.splits(), rates.regressions(),
                rates.inconclusive(), rates.forksPerSide()));
    }
}
