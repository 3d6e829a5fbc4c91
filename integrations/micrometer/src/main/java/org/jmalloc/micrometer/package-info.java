/** Micrometer metrics for jmalloc: {@link org.jmalloc.micrometer.JmallocMetrics}. */
package org.jmalloc.micrometer;
