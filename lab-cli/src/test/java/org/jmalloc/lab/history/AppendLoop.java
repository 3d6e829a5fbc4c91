package org.jmalloc.lab.history;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jmalloc.results.model.Params;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.RunInfo;
import org.jmalloc.results.model.RunKind;
import org.jmalloc.results.store.csv.CsvHistoryStore;

/**
 * A child process for the crash and multi-process tests: appends {@code count} runs of {@link #ROWS_PER_RUN} rows
 * named {@code <prefix>-<i>} to the CSV history {@code dir}, printing {@code appended <run id>} after each append
 * returned (so the parent knows which appends completed).
 */
public final class AppendLoop {

    static final int ROWS_PER_RUN = 20;

    private AppendLoop() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        String prefix = args[1];
        int count = Integer.parseInt(args[2]);
        CsvHistoryStore store = new CsvHistoryStore(dir);
        for (int i = 0; i < count; i++) {
            String id = String.format(Locale.ROOT, "%s-%04d", prefix, i);
            store.append(rows(id, i));
            System.out.println("appended " + id);
            System.out.flush();
        }
    }

    /** The rows of run {@code id}. */
    static List<ResultRow> rows(String id, int i) {
        RunInfo run = new RunInfo(id, Instant.parse("2025-03-01T00:00:00Z").plusSeconds(i), "c" + i, "main",
                RunKind.MATRIX, "hw-crash", "amd64", "Linux", 2, "25", "");
        List<ResultRow> rows = new ArrayList<>();
        for (int r = 0; r < ROWS_PER_RUN; r++) {
            rows.add(run.row("org.jmalloc.benchmarks.Crash.append", Params.of(Map.of("row", Integer.toString(r))),
                    "latency.avg", "ns/op", i + r / 100.0, 0.1, List.of(1.0, 2.0), "jmalloc"));
        }
        return rows;
    }
}
