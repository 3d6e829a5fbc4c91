/**
 * Turning other tools' result files into history rows: JMH JSON, stress summaries, Apache Otava's CSV layout, and
 * guardrail verdicts; {@link org.jmalloc.results.importer.Format#detect} tells them apart.
 */
package org.jmalloc.results.importer;
