/**
 * Charts of the history, drawn with JFreeChart and written as PNG and as SVG (JFreeSVG), headless:
 * {@link org.jmalloc.results.chart.TrendChart} (a metric over time, one line per hardware profile,
 * anchors as reference lines, error bands, change points) and
 * {@link org.jmalloc.results.chart.ComparisonChart} (a gate's baseline and candidate samples).
 */
package org.jmalloc.results.chart;
