package org.jmalloc.results.store;

import java.util.List;

/**
 * What a merge did.
 *
 * @param source the history merged in
 * @param appended its rows that were added or already present
 * @param problems its rows that could not be read, so were not copied
 */
public record MergeResult(String source, AppendResult appended, List<Problem> problems) {

    public MergeResult {
        problems = List.copyOf(problems);
    }
}
