package org.jmalloc.guardrails.verdict;

import java.util.List;

/**
 * One gate run's result: what was compared, how, and every metric's verdict. The console table, Markdown summary,
 * JUnit XML and JSON are views of this record.
 *
 * @param baseline the baseline revision (commit id and how it was chosen), e.g. {@code "3f2a1c0 (merge-base with main)"}
 * @param candidate the candidate revision, e.g. {@code "9b8e7d6 + uncommitted changes"}
 * @param mode {@code quick} or {@code full}
 * @param instrument how the benchmarks ran, e.g. "the candidate's benchmarks jar against both allocator builds"
 * @param seed the bootstrap seed and the fork order's seed
 * @param verdicts one verdict per guarded metric, plus NEW and CHANGED listings
 * @param notes further facts a reader needs (e.g. that the host has no hardware counters), one sentence each
 * @param wallSeconds the run's wall time in seconds, baseline build included
 */
public record GateResult(String baseline, String candidate, String mode, String instrument, long seed,
        List<MetricVerdict> verdicts, List<String> notes, long wallSeconds) {

    public GateResult {
        verdicts = List.copyOf(verdicts);
        notes = List.copyOf(notes);
    }

    /** The overall outcome. */
    public Outcome outcome() {
        return Outcome.of(verdicts);
    }

    /** How many verdicts are {@code v}. */
    public long count(Verdict v) {
        return verdicts.stream().filter(m -> m.verdict() == v).count();
    }
}
