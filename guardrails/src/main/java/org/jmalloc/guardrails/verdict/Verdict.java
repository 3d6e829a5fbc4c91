package org.jmalloc.guardrails.verdict;

/** What the gate concluded about one guarded metric. */
public enum Verdict {
    /** No change beyond the threshold: either none is significant, or the interval rules out one that large. */
    PASS,
    /** Significantly worse, and the estimate reaches the threshold. */
    REGRESSION,
    /** Significantly better, and the estimate reaches the threshold. */
    IMPROVEMENT,
    /** The samples neither show a regression nor rule one out: more forks are needed (fails closed at the budget). */
    INCONCLUSIVE,
    /** The benchmark exists only in the candidate: nothing to compare with (never counted as passed). */
    NEW,
    /** The benchmark's code differs between the revisions, so its figures are not comparable (never passed). */
    CHANGED
}
