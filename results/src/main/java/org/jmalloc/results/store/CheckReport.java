package org.jmalloc.results.store;

import java.util.List;

/**
 * The outcome of {@link HistoryStore#check()}.
 *
 * @param history where the history is
 * @param files files (or tables) read
 * @param rows good rows
 * @param runs distinct runs among them
 * @param problems everything wrong, in file and line order; empty when the history is sound
 */
public record CheckReport(String history, int files, int rows, int runs, List<Problem> problems) {

    public CheckReport {
        problems = List.copyOf(problems);
    }

    /** Whether nothing is wrong. */
    public boolean ok() {
        return problems.isEmpty();
    }
}
