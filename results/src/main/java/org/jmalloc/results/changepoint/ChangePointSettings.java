package org.jmalloc.results.changepoint;

import java.util.Locale;

/**
 * The thresholds of change-point detection, each a named setting with a stated default.
 *
 * <ul>
 *   <li>{@code maxPValue} (default {@value #DEFAULT_MAX_P_VALUE}): a change is kept only when the
 *       significance test's p-value is below it, i.e. when a difference this large between the two
 *       segments would arise by chance less often than this.
 *   <li>{@code minMagnitude} (default {@value #DEFAULT_MIN_MAGNITUDE}): a change is kept only when
 *       its magnitude, {@code max(|after/before - 1|, |before/after - 1|)}, is above it (0.02 means
 *       2 %); the default keeps every significant change.
 *   <li>{@code window} (default {@value #DEFAULT_WINDOW} points): the split step runs E-divisive
 *       on windows of this many points, moved by half a window. A shorter window finds changes
 *       that a later change would otherwise mask but has less data per test; keep it long enough to
 *       hold at most one or two changes.
 * </ul>
 *
 * <p>The split step uses the looser {@link #splitPValue()} so that it proposes more candidates
 * ("weak" change points) than are finally kept; the merge step applies {@code maxPValue}.
 *
 * @param maxPValue    in (0, 1)
 * @param minMagnitude 0 or more
 * @param window       at least {@value #MIN_WINDOW}: the test needs two points on each side
 */
public record ChangePointSettings(double maxPValue, double minMagnitude, int window) {

    /** Default {@link #maxPValue()}. */
    public static final double DEFAULT_MAX_P_VALUE = 0.001;
    /** Default {@link #minMagnitude()}. */
    public static final double DEFAULT_MIN_MAGNITUDE = 0.0;
    /** Default {@link #window()}. */
    public static final int DEFAULT_WINDOW = 50;
    /** Smallest accepted {@link #window()}. */
    public static final int MIN_WINDOW = 4;

    /** The defaults: p-value 0.001, minimum magnitude 0, window 50. */
    public static final ChangePointSettings DEFAULTS =
            new ChangePointSettings(DEFAULT_MAX_P_VALUE, DEFAULT_MIN_MAGNITUDE, DEFAULT_WINDOW);

    /** @throws IllegalArgumentException naming the setting, its value and the accepted range */
    public ChangePointSettings {
        if (!(maxPValue > 0 && maxPValue < 1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "p-value %s is out of range: it must be between 0 and 1 (exclusive), e.g. %s",
                    maxPValue, DEFAULT_MAX_P_VALUE));
        }
        if (!(minMagnitude >= 0) || Double.isInfinite(minMagnitude)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "minimum magnitude %s is out of range: it must be 0 or more, e.g. 0.02 for 2 %%",
                    minMagnitude));
        }
        if (window < MIN_WINDOW) {
            throw new IllegalArgumentException("window " + window + " is too short: it must hold at least "
                    + MIN_WINDOW + " points (two on each side of a change), e.g. " + DEFAULT_WINDOW);
        }
    }

    /** The same settings with another maximum p-value. */
    public ChangePointSettings withMaxPValue(double p) {
        return new ChangePointSettings(p, minMagnitude, window);
    }

    /** The same settings with another minimum magnitude. */
    public ChangePointSettings withMinMagnitude(double m) {
        return new ChangePointSettings(maxPValue, m, window);
    }

    /** The same settings with another window. */
    public ChangePointSettings withWindow(int w) {
        return new ChangePointSettings(maxPValue, minMagnitude, w);
    }

    /**
     * The split step's looser threshold: ten times {@code maxPValue} below 0.05, twice it below
     * 0.5, otherwise {@code maxPValue} itself (Otava's rule), so that a change significant over the
     * whole series is not lost because one window held too little of it.
     */
    public double splitPValue() {
        if (maxPValue < 0.05) {
            return maxPValue * 10;
        }
        return maxPValue < 0.5 ? maxPValue * 2 : maxPValue;
    }
}
