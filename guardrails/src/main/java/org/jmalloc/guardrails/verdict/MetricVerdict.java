package org.jmalloc.guardrails.verdict;

import org.jmalloc.lab.core.metric.MetricKind;
import org.jmalloc.guardrails.stats.Interval;

/**
 * The gate's conclusion about one metric, with everything needed to check it by hand.
 *
 * @param benchmark the benchmark's display name
 * @param metric the metric name
 * @param unit the metric's unit
 * @param rule the name of the threshold rule that guards it
 * @param kind noisy or deterministic
 * @param verdict the conclusion
 * @param baselineSamples the baseline's per-fork values (empty for NEW and CHANGED listings)
 * @param candidateSamples the candidate's per-fork values
 * @param baseline baseline median
 * @param candidate candidate median
 * @param ratio candidate over baseline: the Hodges-Lehmann ratio for a noisy metric, the ratio of medians for a
 *     deterministic one (NaN when the baseline is 0)
 * @param interval the bootstrap interval of the ratio (noisy metrics only, else null)
 * @param pValue the Mann-Whitney U test's two-sided p-value (NaN for deterministic metrics)
 * @param pAdjusted the p-value after Holm's correction over the run's noisy metrics (NaN for deterministic ones)
 * @param threshold the rule's bounds as written, e.g. {@code "5%"}
 * @param explanation one sentence saying why
 */
public record MetricVerdict(String benchmark, String metric, String unit, String rule, MetricKind kind, Verdict verdict,
        double[] baselineSamples, double[] candidateSamples, double baseline, double candidate, double ratio, Interval interval,
        double pValue, double pAdjusted, String threshold, String explanation) {

    public MetricVerdict {
        baselineSamples = baselineSamples.clone();
        candidateSamples = candidateSamples.clone();
    }

    /** The baseline's per-fork values (a copy). */
    @Override
    public double[] baselineSamples() {
        return baselineSamples.clone();
    }

    /** The candidate's per-fork values (a copy). */
    @Override
    public double[] candidateSamples() {
        return candidateSamples.clone();
    }

    /** Baseline sample size: forks. */
    public int baselineForks() {
        return baselineSamples.length;
    }

    /** Candidate sample size: forks. */
    public int candidateForks() {
        return candidateSamples.length;
    }

    /** The change as a fraction, {@code ratio - 1} (positive: the value went up), NaN when unknown. */
    public double change() {
        return ratio - 1;
    }

    /** The key of this metric in a run: benchmark and metric. */
    public String key() {
        return benchmark + " " + metric;
    }
}
