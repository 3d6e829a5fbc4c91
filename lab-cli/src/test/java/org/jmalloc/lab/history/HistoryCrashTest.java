package org.jmalloc.lab.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jmalloc.lab.LabRun;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.store.HistorySnapshot;
import org.jmalloc.results.store.csv.CsvHistoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CSV history survives its writers: a child JVM killed with SIGKILL in the middle of its appends leaves a
 * history that {@code ./lab history check} passes and that holds every append the child reported complete; four
 * writer processes appending at once lose no row.
 */
class HistoryCrashTest {

    @TempDir
    Path temp;

    @Test
    void sigkillInTheMiddleOfAppends_leavesASoundHistoryWithEveryCompletedAppend() throws Exception {
        Path dir = temp.resolve("history");
        List<String> completed = new ArrayList<>();
        int[] killAfter = {2, 4, 6};
        for (int round = 0; round < killAfter.length; round++) {
            Process child = ChildProcesses.start(AppendLoop.class, dir.toString(), "round" + round, "1000");
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                int seen = 0;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    completed.add(line.substring("appended ".length()));
                    if (++seen == killAfter[round]) {
                        child.destroyForcibly(); // SIGKILL: the child is inside its next append
                        break;
                    }
                }
            }
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the killed child did not exit");
            assertEquals(137, child.exitValue(), "exit status of a process killed by SIGKILL");
        }

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LabRun.execute(out, err, "history", "check", "--history", dir.toString());
        assertEquals(0, exit, out + "\n" + err);
        assertTrue(out.toString().endsWith(": ok" + System.lineSeparator()), out.toString());

        HistorySnapshot snapshot = new CsvHistoryStore(dir).read();
        Map<String, Long> rowsByRun = snapshot.rows().stream()
                .collect(Collectors.groupingBy(ResultRow::runId, Collectors.counting()));
        for (String run : completed) {
            assertEquals(AppendLoop.ROWS_PER_RUN, rowsByRun.getOrDefault(run, 0L), "rows of completed " + run);
        }
        rowsByRun.values().forEach(n -> assertEquals(AppendLoop.ROWS_PER_RUN, n, "a run is all there or absent"));
        assertTrue(rowsByRun.size() - completed.size() <= killAfter.length,
                "at most the killed append of each round finished after its last report");
    }

    @Test
    void fourWriterProcessesAtOnce_loseNoRow() throws Exception {
        Path dir = temp.resolve("shared");
        int writers = 4;
        int runs = 5;
        List<Process> children = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            children.add(ChildProcesses.start(AppendLoop.class, dir.toString(), "writer" + w,
                    Integer.toString(runs)));
        }
        for (Process child : children) {
            child.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "a writer did not finish");
            assertEquals(0, child.exitValue());
        }
        HistorySnapshot snapshot = new CsvHistoryStore(dir).read();
        assertEquals(List.of(), snapshot.problems());
        assertEquals(writers * runs * AppendLoop.ROWS_PER_RUN, snapshot.rows().size());
        assertEquals(writers * runs, snapshot.runs().size());
    }
}
