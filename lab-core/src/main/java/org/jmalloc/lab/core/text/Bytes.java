package org.jmalloc.lab.core.text;

import java.util.Locale;

/**
 * Byte counts for people: binary units (KiB = 1024 B), at most one decimal, always formatted with
 * {@link Locale#ROOT} so reports read the same under every default locale.
 */
public final class Bytes {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Bytes() {
    }

    /**
     * {@code 0 B}, {@code 100 B}, {@code 4 KiB}, {@code 1.5 MiB}: the largest unit that keeps the
     * value at least 1, with one decimal unless the value is a whole number of that unit.
     * Negative counts keep their sign.
     */
    public static String human(long bytes) {
        if (bytes == Long.MIN_VALUE) {
            return "-8 EiB";
        }
        if (bytes < 0) {
            return "-" + human(-bytes);
        }
        int unit = 0;
        while (unit < UNITS.length - 1 && bytes >= 1L << (10 * (unit + 1))) {
            unit++;
        }
        if (unit == 0) {
            return bytes + " B";
        }
        long whole = 1L << (10 * unit);
        if (bytes % whole == 0) {
            return (bytes / whole) + " " + UNITS[unit];
        }
        String value = String.format(Locale.ROOT, "%.1f", (double) bytes / whole);
        if (value.endsWith(".0")) {
            value = value.substring(0, value.length() - 2);
        }
        return value + " " + UNITS[unit];
    }

    /** The exact count followed by the human form when it differs: {@code 4096 (4 KiB)}. */
    public static String exact(long bytes) {
        String human = human(bytes);
        return bytes >= -1023 && bytes <= 1023 ? human : bytes + " (" + human + ")";
    }
}
