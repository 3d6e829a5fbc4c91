package org.jmalloc.results.store.csv;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.RowKey;
import org.jmalloc.results.store.AppendResult;
import org.jmalloc.results.store.CheckReport;
import org.jmalloc.results.store.HistoryException;
import org.jmalloc.results.store.HistorySnapshot;
import org.jmalloc.results.store.HistoryStore;
import org.jmalloc.results.store.Problem;

/**
 * The embedded history: a directory of month files {@code YYYY-MM.csv} (by each row's UTC timestamp; all rows of
 * a run share its timestamp, so a run is in one file), in the layout of {@link CsvShard}.
 *
 * <p>Writing: under the directory's {@link DirectoryLock}, read every file's row keys, drop the rows already
 * present, then for each month file affected write old bytes + new lines to a temporary file and rename it into
 * place ({@link AtomicFiles}). Old bytes are copied verbatim, damaged lines included, so an append never loses
 * what was there, and a killed writer leaves the old file or the new one. The files only ever grow.
 *
 * <p>Reading takes no lock: files are only ever replaced whole, so a reader sees each file before or after an
 * append, never half of one.
 */
public final class CsvHistoryStore implements HistoryStore {

    /** Where the lab keeps its history unless told otherwise, relative to the source tree's root. */
    public static final Path DEFAULT_DIRECTORY = Path.of("results", "history");

    private static final Pattern SHARD = Pattern.compile("\\d{4}-\\d{2}\\.csv");

    private final Path dir;

    /** A store in {@code dir}; the directory is created by the first append. */
    public CsvHistoryStore(Path dir) {
        this.dir = dir;
    }

    /** The history directory. */
    public Path directory() {
        return dir;
    }

    /** The month file a row belongs in. */
    public static String shardName(ResultRow row) {
        return YearMonth.from(row.timestamp().atZone(ZoneOffset.UTC)) + ".csv";
    }

    @Override
    public AppendResult append(List<ResultRow> rows) {
        List<String> runIds = rows.stream().map(ResultRow::runId).distinct().toList();
        if (rows.isEmpty()) {
            return new AppendResult(0, 0, runIds);
        }
        try {
            createDirectory();
            try (DirectoryLock lock = DirectoryLock.acquire(dir)) {
                AtomicFiles.deleteTemporaryFiles(dir);
                Map<String, CsvShard> shards = load();
                for (Map.Entry<String, CsvShard> e : shards.entrySet()) {
                    refuseNewer(e.getKey(), e.getValue());
                }
                Set<RowKey> present = new HashSet<>();
                shards.values().forEach(s -> s.rows().forEach(n -> present.add(n.row().key())));
                Map<String, List<ResultRow>> byShard = new TreeMap<>();
                int skipped = 0;
                for (ResultRow row : rows) {
                    if (present.add(row.key())) {
                        byShard.computeIfAbsent(shardName(row), k -> new ArrayList<>()).add(row);
                    } else {
                        skipped++;
                    }
                }
                int added = 0;
                for (Map.Entry<String, List<ResultRow>> e : byShard.entrySet()) {
                    writeShard(e.getKey(), shards.get(e.getKey()), e.getValue());
                    added += e.getValue().size();
                }
                return new AppendResult(added, skipped, runIds);
            }
        } catch (IOException e) {
            throw new HistoryException("cannot write the history in " + dir + ": " + e
                    + " (nothing of this append was written)", e);
        }
    }

    private void writeShard(String name, CsvShard existing, List<ResultRow> rows) throws IOException {
        Path file = dir.resolve(name);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        if (existing == null) {
            content.writeBytes(CsvShard.preamble(SCHEMA_VERSION).getBytes(StandardCharsets.UTF_8));
        } else {
            if (existing.version() == 0 || existing.problems().stream().anyMatch(p -> p.line() <= 2)) {
                throw new HistoryException("cannot append to " + file + ": " + existing.problems().getFirst()
                        + "; move the file aside or repair it (./lab history check lists what is wrong), then run"
                        + " again; nothing was written");
            }
            byte[] old = Files.readAllBytes(file);
            content.writeBytes(old);
            if (old.length > 0 && old[old.length - 1] != '\n') {
                content.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII)); // end a damaged last line
            }
        }
        for (ResultRow row : rows) {
            content.writeBytes(CsvShard.line(row).getBytes(StandardCharsets.UTF_8));
        }
        AtomicFiles.replace(file, content.toByteArray());
    }

    @Override
    public HistorySnapshot read() {
        Map<String, CsvShard> shards = loadOrThrow();
        shards.forEach(this::refuseNewer);
        List<ResultRow> rows = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Map<RowKey, String> seen = new HashMap<>();
        for (Map.Entry<String, CsvShard> e : shards.entrySet()) {
            problems.addAll(e.getValue().problems());
            for (CsvShard.Numbered n : e.getValue().rows()) {
                String where = location(e.getKey()) + ":" + n.line();
                String first = seen.putIfAbsent(n.row().key(), where);
                if (first == null) {
                    rows.add(n.row());
                } else {
                    problems.add(new Problem(location(e.getKey()), n.line(), "duplicate of " + first
                            + " (same run id and row key); only the first is read"));
                }
            }
        }
        return new HistorySnapshot(rows, problems);
    }

    @Override
    public CheckReport check() {
        if (!Files.isDirectory(dir)) {
            return new CheckReport(describe(), 0, 0, 0, List.of(new Problem(dir.toString(), 0, "no history here:"
                    + " the directory does not exist (record a run with ./lab bench, or give --history DIR)")));
        }
        Map<String, CsvShard> shards = loadOrThrow();
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<String, CsvShard> e : shards.entrySet()) {
            int version = e.getValue().version();
            if (version > SCHEMA_VERSION) {
                problems.add(new Problem(location(e.getKey()), 1, CsvShard.newerVersionMessage(location(e.getKey()),
                        version, SCHEMA_VERSION)));
            }
        }
        if (!problems.isEmpty()) {
            return new CheckReport(describe(), shards.size(), 0, 0, problems);
        }
        HistorySnapshot snapshot = read();
        problems.addAll(snapshot.problems());
        for (Map.Entry<String, CsvShard> e : shards.entrySet()) {
            for (CsvShard.Numbered n : e.getValue().rows()) {
                if (!shardName(n.row()).equals(e.getKey())) {
                    problems.add(new Problem(location(e.getKey()), n.line(), "the row's timestamp "
                            + n.row().timestamp() + " belongs in " + shardName(n.row())));
                }
            }
        }
        problems.sort((a, b) -> a.location().equals(b.location()) ? Long.compare(a.line(), b.line())
                : a.location().compareTo(b.location()));
        Set<String> runs = new LinkedHashSet<>();
        snapshot.rows().forEach(r -> runs.add(r.runId()));
        return new CheckReport(describe(), shards.size(), snapshot.rows().size(), runs.size(), problems);
    }

    @Override
    public String describe() {
        return "CSV history in " + dir;
    }

    @Override
    public void close() {
        // holds nothing open between calls
    }

    private void refuseNewer(String name, CsvShard shard) {
        if (shard.version() > SCHEMA_VERSION) {
            throw new HistoryException(CsvShard.newerVersionMessage(location(name), shard.version(),
                    SCHEMA_VERSION));
        }
    }

    private Map<String, CsvShard> loadOrThrow() {
        try {
            return load();
        } catch (IOException e) {
            throw new HistoryException("cannot read the history in " + dir + ": " + e, e);
        }
    }

    /** Every month file, parsed, by name in order; empty when the directory does not exist. */
    private Map<String, CsvShard> load() throws IOException {
        Map<String, CsvShard> shards = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return shards;
        }
        List<Path> files;
        try (var list = Files.list(dir)) {
            files = list.filter(f -> SHARD.matcher(f.getFileName().toString()).matches()).sorted().toList();
        }
        for (Path file : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                continue; // never happens for shards: they are replaced, not deleted
            }
            String name = file.getFileName().toString();
            shards.put(name, CsvShard.parse(location(name), bytes, SCHEMA_VERSION));
        }
        return shards;
    }

    private String location(String shard) {
        return dir.resolve(shard).toString();
    }

    private void createDirectory() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                AtomicFiles.syncDirectory(parent);
            }
        }
    }
}
