package org.jmalloc.guardrails.report;

import java.util.Locale;
import org.jmalloc.guardrails.verdict.MetricVerdict;

/** How every view writes numbers: {@link Locale#ROOT}, so the reports read the same under any locale. */
public final class Format {

    private Format() {
    }

    /** A value with four significant digits, or {@code "-"} when unknown. */
    public static String value(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4g", v);
    }

    /** A signed percentage with one decimal, e.g. {@code "+5.2%"}, or {@code "-"} when unknown. */
    public static String percent(double fraction) {
        return Double.isNaN(fraction) || Double.isInfinite(fraction) ? "-"
                : String.format(Locale.ROOT, "%+.1f%%", fraction * 100);
    }

    /** The change and, for a noisy metric, its interval: {@code "+5.2% [+3.1%, +7.4%]"}. */
    public static String change(MetricVerdict v) {
        String change = percent(v.change());
        if (v.interval() == null) {
            return change;
        }
        return change + " [" + percent(v.interval().low() - 1) + ", " + percent(v.interval().high() - 1) + "]";
    }

    /** A p-value: four decimals, or scientific below 0.0001; {@code "-"} when there is none. */
    public static String p(double p) {
        if (Double.isNaN(p)) {
            return "-";
        }
        return p < 0.0001 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
    }

    /** Seconds as {@code "12 min 05 s"}. */
    public static String duration(long seconds) {
        return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }
}
