package org.jmalloc.stress;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them on a command line: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}. */
public final class DurationText {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h)");

    private DurationText() {}

    /**
     * Parses {@code <number><unit>} with unit {@code ms}, {@code s}, {@code m} or {@code h}, or an
     * ISO-8601 duration such as {@code PT30S}.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE.matcher(t);
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } else {
            try {
                d = Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("invalid duration '" + text
                        + "': write a whole number and a unit, e.g. 500ms, 30s, 2m or 1h");
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("invalid duration '" + text + "': must be more than zero");
        }
        return d;
    }

    /** The shortest text {@link #parse} reads back as {@code d}: {@code 10s}, {@code 2m}, {@code 1500ms}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
