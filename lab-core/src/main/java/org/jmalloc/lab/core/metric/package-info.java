/**
 * What the lab measures: a {@link org.jmalloc.lab.core.metric.Metric} is a dotted name, a unit, the direction that
 * counts as better and whether run-to-run noise is expected; {@link org.jmalloc.lab.core.metric.MetricCatalog} holds
 * the rules that give JMH's and the lab's figures their metric.
 */
package org.jmalloc.lab.core.metric;
