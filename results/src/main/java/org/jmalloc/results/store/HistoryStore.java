package org.jmalloc.results.store;

import java.util.List;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.Series;
import org.jmalloc.results.model.SeriesKey;

/**
 * The results history: an append-only set of {@link ResultRow}s, at most one per {@link ResultRow#key() row key}.
 *
 * <p>Contract (checked for every implementation by {@code HistoryStoreContract}):
 * <ul>
 *   <li>{@link #append} is atomic per run: after a crash the history holds all of a call's new rows of a run or
 *       none of them, never part of a row (the PostgreSQL store: all of the call's rows or none); a call that
 *       returned has made its rows durable.</li>
 *   <li>Rows whose key the history already holds are skipped, not added again and not overwritten; the result
 *       says how many. Importing the same run twice is therefore a no-op that says so.</li>
 *   <li>Concurrent appends (threads, or processes on one machine for the CSV store, or agents sharing one
 *       database) lose no row.</li>
 *   <li>Reading never drops a good row because another is bad: {@link #read} returns the good rows and a
 *       {@link Problem} (where, which line, why) for each bad one.</li>
 *   <li>A history written by a newer schema version is refused with a {@link HistoryException} naming both
 *       versions, before anything is read or written.</li>
 * </ul>
 *
 * <p>Implementations are safe for use by several threads. {@link #close} releases connections; the history stays.
 */
public interface HistoryStore extends AutoCloseable {

    /** The schema version this code writes and reads; histories of a newer version are refused. */
    int SCHEMA_VERSION = 1;

    /**
     * Adds the rows whose key is not in the history yet.
     *
     * @throws HistoryException when the history cannot be written (nothing of this call was added)
     */
    AppendResult append(List<ResultRow> rows);

    /**
     * Every readable row, in the order they were appended, and a problem for each one that could not be read.
     *
     * @throws HistoryException when the history cannot be read at all (missing permissions, a newer schema)
     */
    HistorySnapshot read();

    /** The points of one series, oldest first (no points when the history has none). */
    default Series series(SeriesKey key) {
        return read().series(key);
    }

    /** Every series in the history, sorted. */
    default List<SeriesKey> seriesKeys() {
        return read().seriesKeys();
    }

    /**
     * Checks the whole history: schema version, every row readable and valid, no two rows with one key.
     * Finds problems; changes nothing.
     */
    CheckReport check();

    /**
     * Adds every row of another history that this one does not hold yet (run id + row key), e.g. the histories of
     * several build agents. The source's unreadable rows are reported, not copied, and nothing else is dropped.
     */
    default MergeResult merge(HistoryStore source) {
        HistorySnapshot snapshot = source.read();
        return new MergeResult(source.describe(), append(snapshot.rows()), snapshot.problems());
    }

    /** Where the history is, for messages: e.g. {@code CSV history in results/history}. */
    String describe();

    @Override
    void close();
}
