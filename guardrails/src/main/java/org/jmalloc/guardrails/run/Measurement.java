package org.jmalloc.guardrails.run;

/**
 * One metric's value from one JMH fork.
 *
 * @param benchmark the display name: class without package and {@code Benchmark} suffix, then the parameters other
 *     than {@code impl}, e.g. {@code "MallocFreeLatency size=00064"}
 * @param jmhName the full JMH benchmark name
 * @param metric the lab's metric name, e.g. {@code latency.avg}, {@code gc.alloc.rate.norm}, {@code work.malloc_slow}
 * @param unit the unit as JMH reports it
 * @param value the fork's value: its mean over the measured iterations (JMH's score of a one-fork run), or its
 *     percentile for a sampled percentile
 */
public record Measurement(String benchmark, String jmhName, String metric, String unit, double value) {
}
