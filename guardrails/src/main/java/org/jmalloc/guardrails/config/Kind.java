package org.jmalloc.guardrails.config;

/** How a metric's samples behave, which decides how the gate compares them. */
public enum Kind {
    /** Timed figures that move from fork to fork: compared with a significance test and a confidence interval. */
    NOISY,
    /** Counts, bytes and ratios that repeat exactly (or nearly) in every fork: compared directly with the bound. */
    DETERMINISTIC
}
