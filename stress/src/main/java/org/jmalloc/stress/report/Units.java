package org.jmalloc.stress.report;

import java.util.Locale;

/**
 * Counts, rates and times for the stress reports, always in {@link Locale#ROOT} (the same text on every machine).
 * Byte sizes are {@link org.jmalloc.lab.core.text.Bytes}'s, the project's one byte format.
 */
public final class Units {

    private Units() {}

    /** A count with thousands separators: {@code 1,234,567}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A rate with thousands separators and no fraction: {@code 411,522}. */
    public static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    /** Seconds with one decimal: {@code 10.0 s}. */
    public static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
