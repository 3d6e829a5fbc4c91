/** JMH profilers of the benchmark harness: figures the gate guards besides JMH's own scores. */
package org.jmalloc.benchmarks.profile;
