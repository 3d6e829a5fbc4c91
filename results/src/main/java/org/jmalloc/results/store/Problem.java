package org.jmalloc.results.store;

import java.util.Locale;

/**
 * Something wrong in the history: a row that cannot be read, a duplicate key, a schema mismatch.
 *
 * @param location the file (CSV store) or table (PostgreSQL store)
 * @param line the 1-based line in the file, or the row's id in the table; 0 when the problem is the whole file
 * @param reason what is wrong, and where it helps, how to fix it
 */
public record Problem(String location, long line, String reason) {

    /** {@code file:line: reason}, as compilers print it. */
    @Override
    public String toString() {
        return line > 0 ? String.format(Locale.ROOT, "%s:%d: %s", location, line, reason) : location + ": " + reason;
    }
}
