package org.jmalloc.stress.report;

import java.util.Locale;

/** Number formatting for reports, always in {@link Locale#ROOT} (the same text on every machine). */
public final class Units {

    private Units() {}

    /** Bytes with a binary unit: {@code 512 B}, {@code 12.3 KiB}, {@code 1.5 GiB}. */
    public static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

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
