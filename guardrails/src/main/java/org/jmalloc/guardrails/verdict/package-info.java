/** The gate's decision rule: per-metric verdicts from samples and thresholds, and the gate's overall outcome. */
package org.jmalloc.guardrails.verdict;
