package org.jmalloc.guardrails.config;

/** Which way a metric gets better. */
public enum Direction {
    /** Times, bytes, counts: a larger value is worse. */
    LOWER_IS_BETTER,
    /** Throughput: a smaller value is worse. */
    HIGHER_IS_BETTER
}
