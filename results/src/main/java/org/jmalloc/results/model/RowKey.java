package org.jmalloc.results.model;

/**
 * A row's identity in the history: no store holds two rows with the same key, which is what makes importing the
 * same run twice, or merging two histories that share runs, add nothing.
 */
public record RowKey(String runId, String benchmark, Params params, String metric, String implementation) {
}
