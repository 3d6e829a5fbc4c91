package org.jmalloc.guardrails.verdict;

import java.util.List;

/** The gate's overall result and its exit code. */
public enum Outcome {
    /** Every guarded metric passed (or improved): exit 0. */
    PASS(0),
    /** At least one guarded metric regressed: exit 1. */
    REGRESSION(1),
    /** Nothing regressed, but a metric stayed inconclusive at the fork budget, or the run failed: exit 2. */
    INCONCLUSIVE(2);

    private final int exitCode;

    Outcome(int exitCode) {
        this.exitCode = exitCode;
    }

    /** 0, 1 or 2. */
    public int exitCode() {
        return exitCode;
    }

    /**
     * REGRESSION when any metric regressed, else INCONCLUSIVE when any is inconclusive, else PASS. NEW and CHANGED
     * benchmarks do not decide it: they are listed, never counted as passed.
     */
    public static Outcome of(List<MetricVerdict> verdicts) {
        if (verdicts.stream().anyMatch(v -> v.verdict() == Verdict.REGRESSION)) {
            return REGRESSION;
        }
        if (verdicts.stream().anyMatch(v -> v.verdict() == Verdict.INCONCLUSIVE)) {
            return INCONCLUSIVE;
        }
        return PASS;
    }
}
