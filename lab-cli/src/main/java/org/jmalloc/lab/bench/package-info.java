/**
 * {@code lab bench}'s parts: the JMH settings it runs with, JMH's JSON results and log failures read back, and the
 * comparison table of every implementation against jmalloc.
 */
package org.jmalloc.lab.bench;
