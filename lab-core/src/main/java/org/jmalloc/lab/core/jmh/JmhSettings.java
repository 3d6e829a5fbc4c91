package org.jmalloc.lab.core.jmh;

/**
 * The settings a JMH run used, as its JSON result states them. A count is 0 and a time is empty when the file does not
 * say (results written by hand or by a tool other than JMH).
 *
 * @param forks forked JVMs
 * @param threads benchmark threads per fork
 * @param warmupIterations warmup iterations per fork
 * @param warmupTime each warmup iteration's time as JMH writes it, e.g. {@code "200 ms"}
 * @param warmupBatchSize calls per warmup operation (single-shot mode)
 * @param measurementIterations measured iterations per fork
 * @param measurementTime each measured iteration's time, e.g. {@code "1 s"}
 * @param measurementBatchSize calls per measured operation (single-shot mode)
 */
public record JmhSettings(int forks, int threads, int warmupIterations, String warmupTime, int warmupBatchSize,
        int measurementIterations, String measurementTime, int measurementBatchSize) {

    /** Settings of which nothing is known. */
    public static final JmhSettings UNKNOWN = new JmhSettings(0, 0, 0, "", 0, 0, "", 0);
}
