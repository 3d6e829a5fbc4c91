package org.jmalloc.results.store.csv;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.store.Column;
import org.jmalloc.results.store.Problem;

/**
 * One month's file of the CSV store, parsed.
 *
 * <p>Layout (RFC 4180, UTF-8, CRLF line ends):
 * <pre>
 * # jmalloc results history, schema version 1      the version line
 * run_id,timestamp,commit,...,implementation         the header: {@link Column} names in order
 * 20250107-021500-3f2a9c1d,2025-01-07T02:15:00Z,...  one row per line
 * </pre>
 * Every row is one physical line: the model forbids line breaks inside fields, so the writer never emits one.
 * The reader therefore parses line by line, and a damaged line (a half-written row, an unbalanced quote, a cell
 * that is not a number) is reported with its line number while every other line is still read.
 *
 * @param version the schema version of the version line, 0 when the file has none (then it is unreadable)
 * @param rows the readable rows with their line numbers
 * @param problems what could not be read
 */
record CsvShard(int version, List<Numbered> rows, List<Problem> problems) {

    /** The version line's text before the number. */
    static final String VERSION_PREFIX = "# jmalloc results history, schema version ";

    static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").get();

    private static final Pattern VERSION_LINE = Pattern.compile(Pattern.quote(VERSION_PREFIX) + "(\\d{1,6})");

    /** A row and the 1-based line it is on. */
    record Numbered(long line, ResultRow row) {
    }

    /** The first two lines of a new file of the current schema version. */
    static String preamble(int version) {
        return VERSION_PREFIX + version + "\r\n" + line(Column.headers());
    }

    /** One row as a CSV line with its CRLF. */
    static String line(ResultRow row) {
        return line(CsvRowCodec.cells(row));
    }

    private static String line(List<String> cells) {
        StringWriter w = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(w, FORMAT)) {
            printer.printRecord(cells);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return w.toString();
    }

    /**
     * Parses a file's bytes. Never throws for bad content: everything wrong becomes a {@link Problem} of
     * {@code location}.
     *
     * @param newestVersion the highest version this code reads; a file of a newer version is not parsed further
     */
    static CsvShard parse(String location, byte[] bytes, int newestVersion) {
        List<Problem> problems = new ArrayList<>();
        List<Numbered> rows = new ArrayList<>();
        List<byte[]> lines = splitLines(bytes);
        if (lines.isEmpty()) {
            problems.add(new Problem(location, 0, "empty file: expected the version line '" + VERSION_PREFIX
                    + newestVersion + "' and the header"));
            return new CsvShard(0, rows, problems);
        }
        String first = decode(lines.getFirst());
        Matcher m = first == null ? null : VERSION_LINE.matcher(first);
        if (m == null || !m.matches()) {
            problems.add(new Problem(location, 1, "not a history file: the first line must be '" + VERSION_PREFIX
                    + newestVersion + "'"));
            return new CsvShard(0, rows, problems);
        }
        int version = Integer.parseInt(m.group(1));
        if (version > newestVersion) {
            return new CsvShard(version, rows, problems);
        }
        if (version < 1) {
            problems.add(new Problem(location, 1, "schema version " + version + " does not exist (versions start"
                    + " at 1)"));
            return new CsvShard(0, rows, problems);
        }
        String header = lines.size() > 1 ? decode(lines.get(1)) : null;
        List<String> cells = header == null ? null : cells(header);
        if (cells == null || !cells.equals(Column.headers())) {
            problems.add(new Problem(location, 2, "the header must be " + String.join(",", Column.headers())
                    + (header == null ? "" : " but is " + header)));
            return new CsvShard(version, rows, problems);
        }
        for (int i = 2; i < lines.size(); i++) {
            long lineNumber = i + 1;
            String text = decode(lines.get(i));
            if (text == null) {
                problems.add(new Problem(location, lineNumber, "not UTF-8 text"));
                continue;
            }
            if (text.isEmpty()) {
                continue;
            }
            List<String> row = cells(text);
            if (row == null) {
                problems.add(new Problem(location, lineNumber, "not one CSV record (an unbalanced quote or a"
                        + " half-written row?)"));
                continue;
            }
            try {
                rows.add(new Numbered(lineNumber, CsvRowCodec.row(row)));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(location, lineNumber, e.getMessage()));
            }
        }
        return new CsvShard(version, rows, problems);
    }

    /** The cells of one line, or null when it is not exactly one well-formed record. */
    private static List<String> cells(String line) {
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(line)).setFormat(FORMAT).get()) {
            List<CSVRecord> records = parser.getRecords();
            if (records.size() != 1) {
                return null;
            }
            return records.getFirst().toList();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            return null;
        }
    }

    /** The file's lines without their CR LF or LF; a last line without a line end counts too. */
    static List<byte[]> splitLines(byte[] bytes) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                if (i == bytes.length && start == bytes.length) {
                    break;
                }
                int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                byte[] line = new byte[end - start];
                System.arraycopy(bytes, start, line, 0, line.length);
                lines.add(line);
                start = i + 1;
            }
        }
        return lines;
    }

    private static String decode(byte[] line) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The message for a file of a newer schema version. */
    static String newerVersionMessage(String location, int version, int newest) {
        return String.format(Locale.ROOT, "%s was written with history schema version %d, but this lab reads"
                + " versions up to %d: update the lab (git pull, then run it again) before reading or writing this"
                + " history; nothing was read or changed", location, version, newest);
    }
}
