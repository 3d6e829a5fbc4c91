package org.jmalloc.lab.core.metric;

/**
 * Whether a metric moves from run to run on unchanged code. The guardrails treat the two kinds differently: a noisy
 * metric is compared statistically over several forks, a deterministic one exactly (or within a small fixed bound).
 */
public enum MetricKind {

    /** Timed figures (latencies, throughputs, cycles, cache misses): they move with the machine's load. */
    NOISY,

    /** Bytes, ratios and counts of work the code does (B/op, instructions/op, violations): the same on every run. */
    DETERMINISTIC
}
