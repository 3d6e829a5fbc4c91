package org.jmalloc.results.report;

import java.time.Instant;
import org.jmalloc.results.model.SeriesKey;

/**
 * A change point of one series, in the history's terms.
 *
 * @param series        the series
 * @param unit          its unit
 * @param index         position in the series' points (oldest first) of the first point of the new level
 * @param commitBefore  the commit of the last point before the change (empty when unknown)
 * @param commit        the commit of the first point after it: the change came in between
 * @param time          when the first point after the change was measured
 * @param runId         the run of that point
 * @param meanBefore    mean of the segment before (back to the previous change point)
 * @param meanAfter     mean of the segment after (up to the next change point)
 * @param changePercent {@code (meanAfter / meanBefore - 1) * 100}
 * @param pValue        the significance test's p-value
 */
public record SeriesChange(SeriesKey series, String unit, int index, String commitBefore, String commit,
                           Instant time, String runId, double meanBefore, double meanAfter, double changePercent,
                           double pValue) {

    /** The commit range, e.g. {@code 3f2a9c1..9b0c1d2}, with {@code ?} for an unknown end. */
    public String commitRange() {
        return shortCommit(commitBefore) + ".." + shortCommit(commit);
    }

    /** The first 10 characters of a commit id, or {@code ?} when it is unknown. */
    static String shortCommit(String commit) {
        if (commit.isEmpty()) {
            return "?";
        }
        return commit.length() > 10 ? commit.substring(0, 10) : commit;
    }
}
