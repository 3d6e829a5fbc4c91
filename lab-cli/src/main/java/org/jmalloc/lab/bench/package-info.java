/**
 * {@code lab bench}: the command, the JMH settings it runs with, and the comparison table of every implementation
 * against jmalloc. Running JMH and reading its results back is lab-core's ({@code org.jmalloc.lab.core.run},
 * {@code org.jmalloc.lab.core.jmh}).
 */
package org.jmalloc.lab.bench;
