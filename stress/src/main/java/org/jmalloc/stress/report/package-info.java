/** What a stress run shows a person: live progress, resident memory, the summary table. */
package org.jmalloc.stress.report;
