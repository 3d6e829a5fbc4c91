/**
 * Change-point detection on a series of measurements: E-divisive means (Matteson and James) in
 * sliding windows, then a merge step that keeps only significant, large enough changes (Fleming
 * et al., "Hunter", the method of Apache Otava and MongoDB's signal-processing-algorithms).
 * {@link org.jmalloc.results.changepoint.ChangePointDetector} is the entry point; the significance
 * test is a {@link org.jmalloc.results.changepoint.SignificanceTest} strategy.
 */
package org.jmalloc.results.changepoint;
