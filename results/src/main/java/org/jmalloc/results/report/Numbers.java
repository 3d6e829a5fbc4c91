package org.jmalloc.results.report;

import java.util.Locale;

/** How the pages write numbers: always {@link Locale#ROOT}, so a page reads the same everywhere. */
final class Numbers {

    private Numbers() {
    }

    /** A measured value with about four significant digits; a dash when there is none. */
    static String value(double v) {
        if (!Double.isFinite(v)) {
            return "\u2014";
        }
        double a = Math.abs(v);
        if (a >= 10_000) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1 || a == 0) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** A value and its error, e.g. {@code 20.125 ± 0.310}. */
    static String valueWithError(double v, double error) {
        return Double.isFinite(error) && error > 0 ? value(v) + " \u00b1 " + value(error) : value(v);
    }

    /** A signed percentage with one decimal, e.g. {@code +5.2 %}. */
    static String percent(double p) {
        return String.format(Locale.ROOT, "%+.1f %%", p);
    }

    /** A ratio, e.g. {@code 0.95x}. */
    static String ratio(double r) {
        return Double.isFinite(r) ? String.format(Locale.ROOT, "%.2fx", r) : "\u2014";
    }

    /** A p-value in scientific notation, e.g. {@code 3.1e-07}; 0 when it underflows. */
    static String pValue(double p) {
        return p == 0 ? "0" : String.format(Locale.ROOT, "%.1e", p);
    }
}
