package org.jmalloc.lab.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jmalloc.lab.LabRun;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.RunKind;
import org.jmalloc.results.store.csv.CsvHistoryStore;
import org.jmalloc.stress.report.StressJson;
import org.jmalloc.stress.workload.Workloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StressCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return LabRun.execute(out, err, args);
    }

    @Test
    void list_namesEveryWorkloadWithItsPattern() {
        assertEquals(0, run("stress", "--list"));
        for (String name : Workloads.names()) {
            assertTrue(out.toString().contains(name + " "), name + " missing from:\n" + out);
        }
    }

    @Test
    void shortRun_printsTheTable_writesTheJsonResult_recordsItsViolationCount_andExitsZero(@TempDir Path history,
            @TempDir Path dir) throws IOException {
        int code = run("stress", "--workload", "sh6bench", "--threads", "2", "--duration", "300ms", "--seed", "3",
                "--history", history.toString(), "--kind", "nightly", "--out", dir.toString());

        assertEquals(0, code, out + "\n" + err);
        String text = out.toString();
        assertTrue(text.contains("stress: 1 workload, 2 threads, 300ms each, seed 3"), text);
        assertTrue(text.contains("workload  threads"), text);
        assertTrue(text.contains("PASSED: no violations."), text);
        assertTrue(text.contains("history: run stress-"), text);
        List<ResultRow> rows = new CsvHistoryStore(history).read().rows();
        assertEquals(1, rows.size());
        assertEquals("stress.sh6bench", rows.getFirst().benchmark());
        assertEquals("threads=2", rows.getFirst().params().canonical());
        assertEquals("stress.violations", rows.getFirst().metric());
        assertEquals(0.0, rows.getFirst().value());
        assertEquals(RunKind.NIGHTLY, rows.getFirst().kind());

        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.toList();
        }
        assertEquals(1, files.size(), files.toString());
        assertTrue(text.contains("result: " + files.getFirst()), text);
        JsonNode json = new ObjectMapper().readTree(files.getFirst().toFile());
        assertEquals(StressJson.SCHEMA_VERSION, json.get("schemaVersion").asInt());
        assertEquals("sh6bench", json.get("workloads").get(0).get("workload").asText());
        assertEquals(3, json.get("options").get("seed").asLong());
    }

    @Test
    void noRecord_leavesTheHistoryAlone(@TempDir Path history, @TempDir Path dir) {
        assertEquals(0, run("stress", "--workload", "sh6bench", "--threads", "2", "--duration", "100ms", "--seed",
                "3", "--history", history.resolve("h").toString(), "--no-record", "--out", dir.toString()));
        assertTrue(!Files.exists(history.resolve("h")));
    }

    @Test
    void anOutDirectoryThatCannotBeCreatedIsAUsageError() {
        assertEquals(2, run("stress", "--workload", "sh6bench", "--duration", "100ms", "--out", "/proc/forbidden",
                "--no-record"));
        assertTrue(err.toString().startsWith("lab stress: --out /proc/forbidden: cannot create the result directory"),
                err.toString());
    }

    @Test
    void unknownWorkload_isAUsageErrorNamingTheKnownOnes() {
        assertEquals(2, run("stress", "--workload", "larsen"));
        assertTrue(err.toString().contains("unknown workload 'larsen': choose one of larson, xmalloc"), err.toString());
    }

    @Test
    void badDuration_isAUsageErrorSayingWhatIsAccepted() {
        assertEquals(2, run("stress", "--duration", "10"));
        assertTrue(err.toString().contains("write a whole number and a unit, e.g. 500ms, 30s, 2m or 1h"), err.toString());
    }

    @Test
    void badFaultRate_isAUsageError() {
        assertEquals(2, run("stress", "--fault-rate", "2"));
        assertTrue(err.toString().contains("invalid map failure rate 2.0: must be a fraction between 0 and 1"),
                err.toString());
    }

    @Test
    void oneThread_isAUsageErrorAsTheHelpSays() {
        assertEquals(2, run("stress", "--workload", "larson", "--threads", "1", "--duration", "100ms"));
        assertTrue(err.toString().startsWith("lab stress: invalid --threads 1: at least 2 (the workloads hand blocks"
                + " from thread to thread, and one thread would check none of that)"), err.toString());
    }
}
