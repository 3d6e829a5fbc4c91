/**
 * The browsable report: a static HTML site without JavaScript (so that Jenkins' default content
 * security policy shows it) built from a history snapshot by
 * {@link org.jmalloc.results.report.ReportSite}, the change points of every series
 * ({@link org.jmalloc.results.report.ChangeAnalysis}), and a loopback-only server for it
 * ({@link org.jmalloc.results.report.SiteServer}).
 */
package org.jmalloc.results.report;
