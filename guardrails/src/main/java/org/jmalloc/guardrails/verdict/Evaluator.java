package org.jmalloc.guardrails.verdict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.statistics.descriptive.Median;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.MannWhitneyUTest;
import org.jmalloc.lab.core.metric.Direction;
import org.jmalloc.lab.core.metric.MetricKind;
import org.jmalloc.guardrails.config.Rule;
import org.jmalloc.guardrails.config.Thresholds;
import org.jmalloc.guardrails.stats.Bootstrap;
import org.jmalloc.guardrails.stats.HodgesLehmann;
import org.jmalloc.guardrails.stats.Holm;
import org.jmalloc.guardrails.stats.Interval;

/**
 * The gate's decision rule, applied to every guarded metric of one run.
 *
 * <h2>Noisy metrics (times, throughput)</h2>
 * The evidence is one value per fork. For each metric: the two-sided Mann-Whitney U test of baseline against
 * candidate forks (exact p-value for small samples without ties), the Hodges-Lehmann ratio {@code candidate /
 * baseline} and its seeded bootstrap interval at the rule's confidence. The p-values of all noisy metrics of the run
 * are corrected together with Holm's method, so the chance that an unchanged tree fails on any of them stays at most
 * the significance level. Then, with "worse" oriented by the rule's direction and "beyond" meaning the change reaches
 * the rule's bounds:
 * <ul>
 *   <li>REGRESSION: significant (Holm-adjusted p below {@code 1 - confidence}) and the estimate worse beyond;
 *   <li>IMPROVEMENT: significant and the estimate better beyond;
 *   <li>INCONCLUSIVE: the estimate is worse beyond but not significant, or the change is significant and worse,
 *       below the threshold, but its interval reaches the threshold: the forks so far can neither show nor rule out a
 *       regression of the threshold's size. The runner adds forks (as Chromium's Pinpoint adds attempts when its
 *       comparison says "unknown") and fails closed at its budget;
 *   <li>PASS: otherwise: no significant change, or a significant one whose interval stays within the threshold (a
 *       small real change is tolerated).
 * </ul>
 * Under an unchanged tree a metric is REGRESSION or INCONCLUSIVE only when its test is significant or its estimate is
 * a threshold away from 1, so the false-alarm rate stays near the significance level; {@code lab calibrate} measures
 * it on this machine's forks.
 *
 * <h2>Deterministic metrics (counts, bytes, ratios)</h2>
 * A deterministic rule is a claim that every fork of one build gives the same value; each run checks it.
 * <ul>
 *   <li><b>Exact</b>: at least two forks a side and, on each side, every fork the same value (to 1e-12 of it). Then
 *       there is no noise to test against and the values are compared directly: REGRESSION when the candidate's value
 *       is worse than the baseline's beyond the bounds, IMPROVEMENT when better beyond, PASS otherwise. A 1 % change
 *       of a work count guarded at 1 % is a REGRESSION every time.
 *   <li><b>Varying</b>: forks of one build differ (a footprint figure that depends on when the kernel or the JVM
 *       touched a page, a work count of a benchmark without a fixed work-count sequence). Such a metric is not judged
 *       as if it were exact: it is tested like a noisy metric, in the same Holm family (Mann-Whitney U, the
 *       Hodges-Lehmann ratio and its bootstrap interval at the rule's, or the file's default, confidence), and it
 *       gets the noisy metric's verdict: REGRESSION only when the change is significant and beyond the bounds,
 *       INCONCLUSIVE when its forks can neither show nor rule out a change of the bound's size (the runner then adds
 *       forks of its benchmark, footprint benchmarks included, up to the budget, and fails closed there), with an
 *       explanation that names the forks' spread. So under an unchanged tree it raises a false regression no more
 *       often than the test's level allows. The earlier rule (beyond the bounds and every candidate fork worse than
 *       every baseline fork) raised one in 1 of C(2n, n) A/A splits for every such metric whose forks spread beyond
 *       its bound, with n forks a side: 5 % per metric at the footprint benchmarks' 3 forks. Three forks a side
 *       cannot show a change at 99 % by any rank test (the smallest two-sided p is 0.1), so a varying footprint
 *       figure needs more forks to be rejected.
 * </ul>
 *
 * <p>Thread-safe and deterministic: the bootstrap of each metric is seeded with the run's seed and the metric's index.
 */
public final class Evaluator {

    private final Thresholds thresholds;
    private final int resamples;
    private final long seed;

    /**
     * @param thresholds the rules
     * @param resamples bootstrap resamples per metric (e.g. 2000)
     * @param seed the bootstrap seed; printed in every report
     */
    public Evaluator(Thresholds thresholds, int resamples, long seed) {
        this.thresholds = thresholds;
        this.resamples = resamples;
        this.seed = seed;
    }

    /** Verdicts for every observation a rule guards, in the order given; unguarded ones are left out. */
    public List<MetricVerdict> evaluate(List<Observation> observations) {
        List<Observation> guarded = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        for (Observation o : observations) {
            Optional<Rule> rule = thresholds.ruleFor(o.jmhName(), o.metric());
            if (rule.isPresent() && o.baseline().length > 0 && o.candidate().length > 0) {
                guarded.add(o);
                rules.add(rule.get());
            }
        }
        double[] p = new double[guarded.size()];
        List<Integer> noisy = new ArrayList<>();
        boolean[] exact = new boolean[guarded.size()];
        for (int i = 0; i < guarded.size(); i++) {
            exact[i] = rules.get(i).kind() == MetricKind.DETERMINISTIC && exact(guarded.get(i));
            if (!exact[i]) {
                p[i] = MannWhitneyUTest.withDefaults().with(AlternativeHypothesis.TWO_SIDED)
                        .test(guarded.get(i).baseline().clone(), guarded.get(i).candidate().clone()).getPValue();
                noisy.add(i);
            }
        }
        double[] adjusted = Holm.adjust(noisy.stream().mapToDouble(i -> p[i]).toArray());
        double[] pAdjusted = new double[guarded.size()];
        for (int k = 0; k < noisy.size(); k++) {
            pAdjusted[noisy.get(k)] = adjusted[k];
        }
        List<MetricVerdict> verdicts = new ArrayList<>();
        for (int i = 0; i < guarded.size(); i++) {
            Observation o = guarded.get(i);
            Rule rule = rules.get(i);
            long metricSeed = seed + 0x9E3779B97F4A7C15L * (i + 1);
            verdicts.add(rule.kind() == MetricKind.NOISY ? noisy(o, rule, p[i], pAdjusted[i], metricSeed)
                    : exact[i] ? deterministic(o, rule)
                    : varying(positive(o) ? noisy(o, rule, p[i], pAdjusted[i], metricSeed)
                            : medians(o, rule, p[i], pAdjusted[i]), o));
        }
        return verdicts;
    }

    private MetricVerdict noisy(Observation o, Rule rule, double p, double pAdj, long metricSeed) {
        double b = median(o.baseline());
        double c = median(o.candidate());
        double ratio = HodgesLehmann.ratio(o.baseline(), o.candidate());
        Interval ci = new Bootstrap(resamples, metricSeed).ratioInterval(o.baseline(), o.candidate(),
                rule.confidence());
        boolean lower = rule.direction() == Direction.LOWER_IS_BETTER;
        double worst = lower ? ci.high() : ci.low();
        boolean significant = pAdj < rule.alpha();
        boolean worseBeyond = beyondWorse(rule, ratio, b);
        boolean betterBeyond = beyondBetter(rule, ratio, b);
        boolean worstBeyond = beyondWorse(rule, worst, b);
        String bound = rule.describe(o.unit());
        String stats = String.format(Locale.ROOT, "%s (%d%% interval %s to %s), p = %s after Holm's correction",
                signed(ratio - 1), Math.round(rule.confidence() * 100), signed(ci.low() - 1), signed(ci.high() - 1),
                pValue(pAdj));
        boolean worseDirection = lower ? ratio > 1 : ratio < 1;
        Verdict verdict;
        String why;
        if (significant && worseBeyond) {
            verdict = Verdict.REGRESSION;
            why = "worse by " + stats + ": significant and reaches the " + bound + " threshold";
        } else if (significant && betterBeyond) {
            verdict = Verdict.IMPROVEMENT;
            why = "better by " + stats + ": significant and beyond the " + bound + " threshold";
        } else if (worseBeyond) {
            verdict = Verdict.INCONCLUSIVE;
            why = "worse by " + stats + ": the estimate reaches the " + bound + " threshold but is not significant:"
                    + " more forks needed";
        } else if (significant && worseDirection && worstBeyond) {
            verdict = Verdict.INCONCLUSIVE;
            why = "worse by " + stats + ": significant, below the " + bound + " threshold, but the interval reaches"
                    + " it: more forks needed";
        } else {
            verdict = Verdict.PASS;
            why = "change " + stats + (significant ? ": significant but within the " + bound + " threshold"
                    : ": not significant");
        }
        return new MetricVerdict(o.benchmark(), o.metric(), o.unit(), rule.name(), MetricKind.NOISY, verdict,
                o.baseline(), o.candidate(), b, c, ratio, ci, p, pAdj, bound, why);
    }

    /** Relative tolerance within which two forks' values of a deterministic metric count as the same. */
    static final double SAME = 1e-12;

    /**
     * Whether the metric is compared directly: every fork of each side has the same value, or a side has one fork
     * only (the stress smoke's one run a side: nothing shows a spread).
     */
    static boolean exact(Observation o) {
        return o.baseline().length < 2 || o.candidate().length < 2 || alike(o.baseline()) && alike(o.candidate());
    }

    private static boolean alike(double[] v) {
        double lo = min(v);
        double hi = max(v);
        return hi - lo <= SAME * Math.max(Math.abs(lo), Math.abs(hi));
    }

    private static boolean positive(Observation o) {
        return Arrays.stream(o.baseline()).allMatch(x -> x > 0) && Arrays.stream(o.candidate()).allMatch(x -> x > 0);
    }

    /**
     * The noisy rule for a varying metric with forks at 0 (a heap figure of 0 B/op in some forks), where no ratio can
     * be estimated: the change of the medians against the bounds, and the Mann-Whitney test for its significance.
     */
    private static MetricVerdict medians(Observation o, Rule rule, double p, double pAdj) {
        MetricVerdict direct = deterministic(o, rule);
        boolean significant = pAdj < rule.alpha();
        String stats = String.format(Locale.ROOT, "p = %s after Holm's correction", pValue(pAdj));
        String change = change(o, direct.baseline(), direct.candidate());
        Verdict verdict;
        String why;
        if (direct.verdict() == Verdict.REGRESSION) {
            verdict = significant ? Verdict.REGRESSION : Verdict.INCONCLUSIVE;
            why = change + ", " + stats + (significant ? ": significant and reaches the " + direct.threshold()
                    + " threshold" : ": reaches the " + direct.threshold() + " threshold but is not significant:"
                    + " more forks needed");
        } else if (direct.verdict() == Verdict.IMPROVEMENT && significant) {
            verdict = Verdict.IMPROVEMENT;
            why = change + ", " + stats + ": significant and better beyond the " + direct.threshold() + " threshold";
        } else {
            verdict = Verdict.PASS;
            why = change + ", " + stats + (direct.verdict() == Verdict.PASS ? ": within the " + direct.threshold()
                    + " threshold" : ": not significant");
        }
        return new MetricVerdict(o.benchmark(), o.metric(), o.unit(), rule.name(), MetricKind.DETERMINISTIC, verdict,
                o.baseline(), o.candidate(), direct.baseline(), direct.candidate(), direct.ratio(), null, p, pAdj,
                direct.threshold(), why);
    }

    /** A deterministic metric whose forks differ, judged by the noisy rule (see the class comment), saying so. */
    private static MetricVerdict varying(MetricVerdict tested, Observation o) {
        String why = "varies between forks of one build " + spread(o) + ", so tested, not compared exactly: "
                + tested.explanation();
        return new MetricVerdict(tested.benchmark(), tested.metric(), tested.unit(), tested.rule(),
                MetricKind.DETERMINISTIC, tested.verdict(), o.baseline(), o.candidate(), tested.baseline(),
                tested.candidate(), tested.ratio(), tested.interval(), tested.pValue(), tested.pAdjusted(),
                tested.threshold(), why);
    }

    private static MetricVerdict deterministic(Observation o, Rule rule) {
        double b = median(o.baseline());
        double c = median(o.candidate());
        boolean lower = rule.direction() == Direction.LOWER_IS_BETTER;
        double worseAbs = lower ? c - b : b - c;
        double worseRel = b == c ? 0 : (b == 0 ? Math.copySign(Double.POSITIVE_INFINITY, worseAbs)
                : worseAbs / Math.abs(b));
        String bound = rule.describe(o.unit());
        String change = change(o, b, c);
        Verdict verdict;
        String why;
        if (rule.beyond(worseRel, worseAbs)) {
            verdict = Verdict.REGRESSION;
            why = change + ": reaches the " + bound + " threshold (every fork of each side alike: compared exactly)";
        } else if (rule.beyond(-worseRel, -worseAbs)) {
            verdict = Verdict.IMPROVEMENT;
            why = change + ": better beyond the " + bound + " threshold (every fork of each side alike: compared"
                    + " exactly)";
        } else {
            verdict = Verdict.PASS;
            why = change + ": within the " + bound + " threshold";
        }
        double ratio = b == 0 ? Double.NaN : c / b;
        return new MetricVerdict(o.benchmark(), o.metric(), o.unit(), rule.name(), MetricKind.DETERMINISTIC, verdict,
                o.baseline(), o.candidate(), b, c, ratio, null, Double.NaN, Double.NaN, bound, why);
    }

    /** The change of the medians {@code b} to {@code c}, in the metric's unit and relative. */
    private static String change(Observation o, double b, double c) {
        return String.format(Locale.ROOT, "%s -> %s %s (%s)", number(b), number(c), o.unit(),
                b == 0 ? (c == 0 ? "unchanged" : "from 0") : signed((c - b) / Math.abs(b)));
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }

    /** The two sides' fork ranges, e.g. {@code (baseline 0.0020-0.0021, candidate 0.0020-0.0021)}. */
    private static String spread(Observation o) {
        return "(baseline " + number(min(o.baseline())) + "-" + number(max(o.baseline())) + ", candidate "
                + number(min(o.candidate())) + "-" + number(max(o.candidate())) + ")";
    }

    /** A benchmark listed without comparison (NEW or CHANGED), with the reason. */
    public static MetricVerdict notCompared(String benchmark, Verdict verdict, String reason) {
        if (verdict != Verdict.NEW && verdict != Verdict.CHANGED) {
            throw new IllegalArgumentException("only NEW or CHANGED benchmarks go uncompared, not " + verdict);
        }
        return new MetricVerdict(benchmark, "*", "", "-", MetricKind.DETERMINISTIC, verdict, new double[0], new double[0], Double.NaN, Double.NaN,
                Double.NaN, null, Double.NaN, Double.NaN, "-", reason);
    }

    /** Whether a ratio is worse than the rule allows, from a baseline level {@code base} (for absolute bounds). */
    private static boolean beyondWorse(Rule rule, double ratio, double base) {
        boolean lower = rule.direction() == Direction.LOWER_IS_BETTER;
        double rel = lower ? ratio - 1 : 1 - ratio;
        return rule.beyond(rel, rel * Math.abs(base));
    }

    private static boolean beyondBetter(Rule rule, double ratio, double base) {
        boolean lower = rule.direction() == Direction.LOWER_IS_BETTER;
        double rel = lower ? 1 - ratio : ratio - 1;
        return rule.beyond(rel, rel * Math.abs(base));
    }

    /** The median, on a copy: Commons' selection reorders the array it is given. */
    private static double median(double[] values) {
        return Median.withDefaults().evaluate(values.clone());
    }

    static String signed(double fraction) {
        return String.format(Locale.ROOT, "%+.1f%%", fraction * 100);
    }

    static String pValue(double p) {
        return p < 0.0001 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
    }

    static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
