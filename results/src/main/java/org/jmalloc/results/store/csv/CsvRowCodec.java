package org.jmalloc.results.store.csv;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.jmalloc.results.model.Params;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.RunKind;
import org.jmalloc.results.store.Column;
import org.jmalloc.results.store.Numbers;

/**
 * One {@link ResultRow} as the CSV store's cells, in {@link Column} order, and back.
 *
 * <p>Cells: timestamps in ISO-8601 UTC ({@link Instant#toString()}, e.g. {@code 2025-01-07T02:15:00.123Z}), the
 * run kind's lower-case id, CPUs as a plain integer, params in their canonical text, numbers as {@link Numbers}
 * writes them, samples joined by spaces. Nothing depends on the default locale.
 */
final class CsvRowCodec {

    private static final int COLUMNS = Column.values().length;

    private CsvRowCodec() {
    }

    static List<String> cells(ResultRow r) {
        return List.of(r.runId(), r.timestamp().toString(), r.commit(), r.branch(), r.kind().id(),
                r.hardwareProfile(), r.arch(), r.os(), Integer.toString(r.cpus()), r.jdk(), r.jvmFlags(),
                r.benchmark(), r.params().canonical(), r.metric(), r.unit(), Numbers.format(r.value()),
                Numbers.format(r.error()), Numbers.formatSamples(r.samples()), r.implementation());
    }

    /**
     * Reads a row's cells.
     *
     * @throws IllegalArgumentException naming the column and what is wrong with it (or, from the model's checks,
     *     the field)
     */
    static ResultRow row(List<String> c) {
        if (c.size() != COLUMNS) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "expected %d columns, found %d"
                    + " (a truncated or hand-edited row?)", COLUMNS, c.size()));
        }
        return new ResultRow(c.get(0), timestamp(c.get(1)), c.get(2), c.get(3), kind(c.get(4)), c.get(5),
                c.get(6), c.get(7), cpus(c.get(8)), c.get(9), c.get(10), c.get(11), params(c.get(12)),
                c.get(13), c.get(14), number(c.get(15), Column.VALUE), number(c.get(16), Column.ERROR),
                samples(c.get(17)), c.get(18));
    }

    private static Instant timestamp(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ColumnException(Column.TIMESTAMP, "'" + text + "' is not an ISO-8601 UTC instant such as"
                    + " 2025-01-07T02:15:00Z");
        }
    }

    private static RunKind kind(String text) {
        try {
            return RunKind.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ColumnException(Column.RUN_KIND, e.getMessage());
        }
    }

    private static int cpus(String text) {
        try {
            int cpus = Integer.parseInt(text);
            if (cpus >= 0 && text.chars().allMatch(Character::isDigit)) {
                return cpus;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new ColumnException(Column.CPUS, "'" + text + "' is not a CPU count (0 or more)");
    }

    private static Params params(String text) {
        try {
            return Params.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ColumnException(Column.PARAMS, e.getMessage());
        }
    }

    private static double number(String text, Column column) {
        try {
            return Numbers.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ColumnException(column, e.getMessage());
        }
    }

    private static List<Double> samples(String text) {
        try {
            return Numbers.parseSamples(text);
        } catch (IllegalArgumentException e) {
            throw new ColumnException(Column.SAMPLES, e.getMessage());
        }
    }

    /** A cell that cannot be read, named by its column. */
    static final class ColumnException extends IllegalArgumentException {
        ColumnException(Column column, String message) {
            super("column " + column.header() + ": " + message);
        }
    }
}
