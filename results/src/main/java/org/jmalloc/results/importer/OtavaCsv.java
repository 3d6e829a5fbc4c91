package org.jmalloc.results.importer;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.jmalloc.results.model.Params;
import org.jmalloc.results.model.Point;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.RunInfo;
import org.jmalloc.results.model.Series;
import org.jmalloc.results.store.Numbers;
import org.jmalloc.results.store.Problem;

/**
 * Apache Otava's (formerly Hunter's) CSV layout, read and written: a header, then one row per run with a time
 * column, attribute columns such as {@code commit} (and {@code branch}), and one column per metric; an empty metric
 * cell means the run has no value for it. Otava's config names the columns ({@code time_column} defaults to
 * {@code time}, {@code attributes}, {@code metrics}); here every column that is not the time, commit, branch or a
 * named attribute column is a metric, and the column's name is the metric's name.
 *
 * <p>Each CSV row becomes one run of benchmark {@link Options#benchmark()}, with id
 * {@code otava-<hash of benchmark, time, commit, params, implementation>}: importing the same file twice adds
 * nothing. A file with any bad cell is not imported at all; every bad cell is reported with its line.
 */
public final class OtavaCsv {

    /** Otava's default time column. */
    public static final String TIME = "time";
    /** The attribute column with the commit. */
    public static final String COMMIT = "commit";
    /** The attribute column Otava reads as the branch. */
    public static final String BRANCH = "branch";

    private static final CSVFormat READ = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true).get();
    private static final CSVFormat WRITE = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();

    /**
     * How to read a file.
     *
     * @param benchmark the benchmark the series belong to (Otava's test name), e.g. {@code otava.my_test}
     * @param params parameters of that benchmark, usually none
     * @param unit the unit of every metric column, empty when unknown
     * @param implementation what was measured, e.g. {@code jmalloc}
     * @param timeColumn the time column's name
     * @param attributes other non-metric columns, ignored (besides commit and branch)
     */
    public record Options(String benchmark, Params params, String unit, String implementation, String timeColumn,
            Set<String> attributes) {

        public Options {
            attributes = Set.copyOf(attributes);
        }
    }

    private OtavaCsv() {
    }

    /**
     * The rows of an Otava CSV file.
     *
     * @throws ImportException listing every bad cell (file, line, column, reason); nothing is imported then
     */
    public static List<ResultRow> read(String file, byte[] content, Options options, RunMetadata meta) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new ImportException(file, "not UTF-8 text");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a spreadsheet's byte order mark
        }
        List<Problem> problems = new ArrayList<>();
        List<ResultRow> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(READ).get()) {
            List<String> header = parser.getHeaderNames();
            if (!header.contains(options.timeColumn())) {
                throw new ImportException(file, "no '" + options.timeColumn() + "' column in the header " + header
                        + " (Otava's layout: a time column, attribute columns such as commit, one column per"
                        + " metric)");
            }
            List<String> metrics = header.stream().filter(h -> !h.equals(options.timeColumn())
                    && !h.equals(COMMIT) && !h.equals(BRANCH) && !options.attributes().contains(h)).toList();
            if (metrics.isEmpty()) {
                throw new ImportException(file, "no metric column: every column of " + header
                        + " is the time or an attribute");
            }
            for (String metric : metrics) {
                if (metric.isBlank()) {
                    problems.add(new Problem(file, 1, "a metric column has no name"));
                }
            }
            Map<String, Long> seenRuns = new HashMap<>();
            for (CSVRecord record : parser) {
                long line = lineOf(text, record.getCharacterPosition());
                readRecord(file, line, record, metrics, options, meta, rows, problems, seenRuns);
            }
        } catch (IOException | UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            if (e instanceof ImportException ie) {
                throw ie;
            }
            problems.add(new Problem(file, 0, "not a CSV file: " + e.getMessage()));
        }
        if (!problems.isEmpty()) {
            throw new ImportException(problems);
        }
        return rows;
    }

    private static void readRecord(String file, long line, CSVRecord record, List<String> metrics, Options options,
            RunMetadata meta, List<ResultRow> rows, List<Problem> problems, Map<String, Long> seenRuns) {
        if (!record.isConsistent()) {
            problems.add(new Problem(file, line, String.format(Locale.ROOT, "%d cells, but the header has %d",
                    record.size(), record.getParser().getHeaderNames().size())));
            return;
        }
        Instant time;
        try {
            time = OtavaTime.parse(record.get(options.timeColumn()));
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(file, line, "column " + options.timeColumn() + ": " + e.getMessage()));
            return;
        }
        String commit = record.isMapped(COMMIT) ? record.get(COMMIT) : "";
        String branch = record.isMapped(BRANCH) ? record.get(BRANCH) : meta.branch();
        String runId = RunMetadata.contentRunId("otava", String.join("\n", options.benchmark(), time.toString(),
                commit, options.params().canonical(), options.implementation()));
        Long earlier = seenRuns.putIfAbsent(runId, line);
        if (earlier != null) {
            problems.add(new Problem(file, line, "same time and commit as line " + earlier));
            return;
        }
        RunInfo run;
        try {
            run = meta.withCommit(commit, branch).run(runId, time, "", "");
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(file, line, e.getMessage()));
            return;
        }
        for (String metric : metrics) {
            String cell = record.get(metric).strip();
            if (cell.isEmpty()) {
                continue;
            }
            try {
                rows.add(run.row(options.benchmark(), options.params(), metric, options.unit(), number(cell),
                        Double.NaN, List.of(), options.implementation()));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(file, line, "column " + metric + ": " + e.getMessage()));
            }
        }
    }

    /** A metric cell: the history's number syntax, or Python's spellings that Otava's float() reads. */
    private static double number(String cell) {
        switch (cell.toLowerCase(Locale.ROOT)) {
            case "nan" -> {
                return Double.NaN;
            }
            case "inf", "+inf", "infinity", "+infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                return Numbers.parse(cell);
            }
        }
    }

    private static long lineOf(String text, long position) {
        long line = 1;
        for (int i = 0; i < position && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * Writes series in Otava's layout: {@code time,commit,<metric>...}, one row per run (oldest first), a metric
     * column per series named by its metric, times in ISO-8601 UTC, empty cells where a run has no value.
     *
     * @throws IllegalArgumentException when two series have the same metric name (they would share a column)
     */
    public static String write(List<Series> series) {
        Map<String, Series> byMetric = new LinkedHashMap<>();
        for (Series s : series) {
            if (byMetric.put(s.key().metric(), s) != null) {
                throw new IllegalArgumentException("two series have metric " + s.key().metric() + ": export one"
                        + " benchmark, params, implementation and hardware profile at a time");
            }
        }
        record Run(Instant time, String runId, String commit) {
        }
        Map<Run, Map<String, Double>> table = new TreeMap<>((a, b) -> a.time().equals(b.time())
                ? a.runId().compareTo(b.runId()) : a.time().compareTo(b.time()));
        byMetric.forEach((metric, s) -> {
            for (Point p : s.points()) {
                table.computeIfAbsent(new Run(p.time(), p.runId(), p.commit()), r -> new HashMap<>())
                        .put(metric, p.value());
            }
        });
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(out, WRITE)) {
            List<String> header = new ArrayList<>(List.of(TIME, COMMIT));
            header.addAll(byMetric.keySet());
            printer.printRecord(header);
            for (Map.Entry<Run, Map<String, Double>> e : table.entrySet()) {
                List<String> cells = new ArrayList<>(List.of(e.getKey().time().toString(), e.getKey().commit()));
                for (String metric : byMetric.keySet()) {
                    Double v = e.getValue().get(metric);
                    cells.add(v == null ? "" : Numbers.format(v));
                }
                printer.printRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail
        }
        return out.toString();
    }
}
