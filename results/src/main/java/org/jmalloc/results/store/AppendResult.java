package org.jmalloc.results.store;

import java.util.List;
import java.util.Locale;

/**
 * What an append did.
 *
 * @param added rows added
 * @param alreadyPresent rows skipped because the history already held their key
 * @param runIds the distinct run ids of the rows given, in order
 */
public record AppendResult(int added, int alreadyPresent, List<String> runIds) {

    public AppendResult {
        runIds = List.copyOf(runIds);
    }

    /** Whether nothing was added although rows were given: the run is already in the history. */
    public boolean noOp() {
        return added == 0 && alreadyPresent > 0;
    }

    /** One line for the user, e.g. {@code run 20250107-0215-ab12: 42 rows added}. */
    public String message() {
        String runs = runIds.size() == 1 ? "run " + runIds.getFirst() : runIds.size() + " runs";
        if (added == 0 && alreadyPresent == 0) {
            return "nothing to add (no rows)";
        }
        if (noOp()) {
            return String.format(Locale.ROOT, "%s already in the history (%d rows): nothing added", runs,
                    alreadyPresent);
        }
        return String.format(Locale.ROOT, "%s: %d rows added", runs, added)
                + (alreadyPresent > 0 ? String.format(Locale.ROOT, ", %d already present", alreadyPresent) : "");
    }
}
