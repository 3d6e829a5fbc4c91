/** {@code lab report} (the static HTML report of the history) and {@code lab serve} (it, on the loopback address). */
package org.jmalloc.lab.report;
