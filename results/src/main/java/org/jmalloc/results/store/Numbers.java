package org.jmalloc.results.store;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How the history writes numbers as text, independent of the default locale: {@link Double#toString} (the shortest
 * decimal that reads back as the same double, {@code .} as decimal separator, {@code E} exponent), {@code NaN},
 * {@code Infinity}, {@code -Infinity}. Reading accepts exactly that shape, not Java's wider literal syntax
 * ({@code 0x1p3}, {@code 1d}) and not a decimal comma, so a number that a spreadsheet rewrote is an error, not a
 * different number.
 */
public final class Numbers {

    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    private Numbers() {
    }

    /** The text of a double. */
    public static String format(double value) {
        return Double.toString(value);
    }

    /**
     * The double of a text.
     *
     * @throws IllegalArgumentException when it is not a decimal number, NaN or (-)Infinity
     */
    public static double parse(String text) {
        switch (text) {
            case "NaN" -> {
                return Double.NaN;
            }
            case "Infinity", "+Infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-Infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                if (!DECIMAL.matcher(text).matches()) {
                    throw new IllegalArgumentException("'" + text + "' is not a number (expected e.g. 12.5, 1.0E-5,"
                            + " NaN; '.' as decimal separator)");
                }
                return Double.parseDouble(text);
            }
        }
    }

    /** Samples as stored: the numbers joined by single spaces; empty for none. */
    public static String formatSamples(List<Double> samples) {
        StringBuilder b = new StringBuilder();
        for (double s : samples) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append(format(s));
        }
        return b.toString();
    }

    /**
     * Reads stored samples.
     *
     * @throws IllegalArgumentException naming the sample that is not a number
     */
    public static List<Double> parseSamples(String text) {
        List<Double> samples = new ArrayList<>();
        if (text.isEmpty()) {
            return samples;
        }
        String[] parts = text.split(" ", -1);
        for (int i = 0; i < parts.length; i++) {
            try {
                samples.add(parse(parts[i]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sample " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return samples;
    }
}
