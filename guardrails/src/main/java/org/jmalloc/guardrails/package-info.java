/**
 * The benchmark gate: a change is rejected when a guarded metric regresses beyond its threshold. {@code config} holds
 * the thresholds (data, read from {@code guardrails.yaml}), {@code stats} the statistics on per-fork samples,
 * {@code verdict} the decision rule, {@code report} the views of one verdict, {@code run} the A/B runner.
 */
package org.jmalloc.guardrails;
