package org.jmalloc.results.importer;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time column of an Otava CSV file. Otava reads it with Python's {@code dateparser}, which takes almost
 * anything; this reads the forms Otava's own files and exports use, exactly, and rejects the rest with an example:
 * <ul>
 *   <li>ISO-8601: {@code 2025-01-07T02:15:00Z}, {@code 2025-01-07T03:15:00+01:00}, {@code 2025-01-07T02:15:00.123Z};</li>
 *   <li>date and time with {@code -}, {@code .} or {@code /} between the date's parts and an optional UTC offset:
 *       {@code 2026.01.01 3:00:00 +0100} (Otava's example files), {@code 2024-01-01 02:00:00 +0000} (Otava's own
 *       output), {@code 2024/01/01 02:00};</li>
 *   <li>a date alone: {@code 2025-01-07} (midnight);</li>
 *   <li>seconds since the epoch: {@code 1736216100}, {@code 1736216100.5} (how Otava holds times).</li>
 * </ul>
 * A time without an offset is UTC.
 */
final class OtavaTime {

    private static final Pattern DATE_TIME = Pattern.compile("(\\d{4})[-./](\\d{1,2})[-./](\\d{1,2})"
            + "(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?\\s*(Z|UTC|GMT|[+-]\\d{2}:?\\d{2})?");
    private static final Pattern EPOCH = Pattern.compile("\\d{9,11}(\\.\\d{1,9})?");

    private OtavaTime() {
    }

    /**
     * The instant of a time cell.
     *
     * @throws IllegalArgumentException with the accepted forms when it is none of them
     */
    static Instant parse(String text) {
        String t = text.strip();
        try {
            if (EPOCH.matcher(t).matches()) {
                BigDecimal seconds = new BigDecimal(t);
                return Instant.ofEpochSecond(seconds.longValue(),
                        seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
            }
            Matcher m = DATE_TIME.matcher(t);
            if (m.matches()) {
                LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
                        m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                        m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
                        m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "00000000").substring(0, 9)));
                return local.toInstant(offset(m.group(8)));
            }
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid time: " + e.getMessage());
        }
        throw new IllegalArgumentException("'" + text + "' is not a time this importer reads (use e.g."
                + " 2025-01-07T02:15:00Z, 2025-01-07 02:15:00 +0000, 2025.01.07 2:15:00 +0100 or epoch seconds)");
    }

    private static ZoneOffset offset(String text) {
        if (text == null || text.equals("Z") || text.equals("UTC") || text.equals("GMT")) {
            return ZoneOffset.UTC;
        }
        String digits = text.replace(":", "");
        int hours = Integer.parseInt(digits.substring(1, 3));
        int minutes = Integer.parseInt(digits.substring(3, 5));
        int sign = digits.charAt(0) == '-' ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }
}
