/** Thresholds as data: the rules of {@code guardrails.yaml}, matched to metrics by name patterns. */
package org.jmalloc.guardrails.config;
