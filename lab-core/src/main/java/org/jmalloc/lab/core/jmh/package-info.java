/**
 * JMH's JSON results ({@code -rf json}) read back into a small value model: {@link org.jmalloc.lab.core.jmh.JmhResult}
 * per benchmark and parameter combination, its {@link org.jmalloc.lab.core.jmh.JmhMetric}s with the raw data of every
 * fork, and {@link org.jmalloc.lab.core.jmh.Measurement}s that pair a value with its
 * {@link org.jmalloc.lab.core.metric.Metric}.
 */
package org.jmalloc.lab.core.jmh;
