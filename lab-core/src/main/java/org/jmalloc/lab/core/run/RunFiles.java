package org.jmalloc.lab.core.run;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where one JMH run's files go: {@code <dir>/<stem>.json} (JMH's JSON results), {@code <stem>.log} (all of JMH's
 * output) and {@code <stem>.txt} (a rendered table, when the caller writes one). The stem is a timestamp
 * {@code yyyyMMdd-HHmmss}, optionally followed by {@code -<label>} (e.g. {@code 20261201-143000-baseline-f3}).
 *
 * @param dir the directory
 * @param stem the file name without extension
 */
public record RunFiles(Path dir, String stem) {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);
    private static final Pattern STEM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** @throws IllegalArgumentException when the stem is not a plain file name of letters, digits, '.', '_', '-' */
    public RunFiles {
        Objects.requireNonNull(dir, "dir");
        if (!STEM.matcher(stem).matches()) {
            throw new IllegalArgumentException("invalid result file name '" + stem + "': use letters, digits, '.', '_'"
                    + " and '-'");
        }
    }

    /** Files named by the time {@code now}, e.g. {@code 20261201-143000.json}. */
    public static RunFiles timestamped(Path dir, LocalDateTime now) {
        return new RunFiles(dir, now.format(STAMP));
    }

    /** Files named by the time and a label, e.g. {@code 20261201-143000-candidate-f2.json}. */
    public static RunFiles timestamped(Path dir, LocalDateTime now, String label) {
        return new RunFiles(dir, now.format(STAMP) + "-" + label);
    }

    /** The files of an earlier run, given its JSON file: the log and table beside it. */
    public static RunFiles ofJson(Path json) {
        String name = json.getFileName().toString();
        Path parent = json.toAbsolutePath().getParent();
        return new RunFiles(parent, name.endsWith(".json") ? name.substring(0, name.length() - 5) : name);
    }

    /** JMH's JSON results. */
    public Path json() {
        return dir.resolve(stem + ".json");
    }

    /** JMH's whole output. */
    public Path log() {
        return dir.resolve(stem + ".log");
    }

    /** A rendered table. */
    public Path text() {
        return dir.resolve(stem + ".txt");
    }
}
