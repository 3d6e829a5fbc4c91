/**
 * Running a benchmarks jar's JMH as a child process: {@link org.jmalloc.lab.core.run.JmhRunner} with a
 * {@link org.jmalloc.lab.core.run.JmhRequest} (any jar, any JMH options) gives a
 * {@link org.jmalloc.lab.core.run.JmhOutcome} (parsed results, failed runs, the reason JMH failed); the source tree's
 * jar and its staleness ({@link org.jmalloc.lab.core.run.Workspace}), result-file naming
 * ({@link org.jmalloc.lab.core.run.RunFiles}), and JMH's console output read back
 * ({@link org.jmalloc.lab.core.run.JmhLog}, {@link org.jmalloc.lab.core.run.JmhProblem},
 * {@link org.jmalloc.lab.core.run.SuiteListing}).
 */
package org.jmalloc.lab.core.run;
