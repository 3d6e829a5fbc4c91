package org.jmalloc.results.report;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jmalloc.lab.core.metric.Direction;
import org.jmalloc.lab.core.metric.Metric;
import org.jmalloc.lab.core.metric.MetricCatalog;
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

    /** Whether a change is a regression, by the direction of its metric. */
    public enum Assessment {
        /** The metric moved the way that is worse for it (a latency rose, a throughput fell). */
        WORSE,
        /** The metric moved the way that is better for it. */
        BETTER,
        /** The means are equal, or the mean before is 0, so there is no relative change to judge. */
        UNCHANGED,
        /** lab-core's catalog does not know the metric (e.g. a series imported from Otava's CSV layout). */
        UNKNOWN;

        /** The lowercase name, as in JSON and on the pages: {@code worse}, {@code better}, .... */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Which way the metric gets better, from lab-core's catalog; empty for a metric the catalog does not know. */
    public Optional<Direction> direction() {
        try {
            return MetricCatalog.find(series.metric(), unit).map(Metric::direction);
        } catch (IllegalArgumentException notACatalogName) {
            return Optional.empty();
        }
    }

    /** Whether the change is worse or better by {@link #direction()}. */
    public Assessment assessment() {
        Optional<Direction> direction = direction();
        if (direction.isEmpty()) {
            return Assessment.UNKNOWN;
        }
        if (changePercent == 0) {
            return Assessment.UNCHANGED;
        }
        return direction.get().regression(meanBefore, meanAfter) > 0 ? Assessment.WORSE : Assessment.BETTER;
    }

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
