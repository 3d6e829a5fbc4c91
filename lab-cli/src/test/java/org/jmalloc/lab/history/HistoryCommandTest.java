package org.jmalloc.lab.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jmalloc.lab.LabRun;
import org.jmalloc.results.store.csv.CsvHistoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryCommandTest {

    private static final String OTAVA = """
            time,commit,throughput,latency.avg
            2025-01-01 02:00:00 +0000,c1,100.5,12.0
            2025-01-02 02:00:00 +0000,c2,101.5,11.5
            """;

    @TempDir
    Path temp;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return LabRun.execute(out, err, args);
    }

    private Path otavaFile() throws Exception {
        Path file = temp.resolve("series.csv");
        Files.writeString(file, OTAVA, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void import_detectsTheFormat_andASecondImportIsANoOpThatSaysSo() throws Exception {
        Path history = temp.resolve("h");
        Path file = otavaFile();
        assertEquals(0, run("history", "import", "--history", history.toString(), "--hardware-profile", "hw-t",
                file.toString()), err::toString);
        assertEquals(file + ": 2 runs: 4 rows added" + System.lineSeparator(), out.toString());
        assertEquals(0, run("history", "import", "--history", history.toString(), "--hardware-profile", "hw-t",
                file.toString()));
        assertEquals(file + ": 2 runs already in the history (4 rows): nothing added" + System.lineSeparator(),
                out.toString());
        assertEquals(4, new CsvHistoryStore(history).read().rows().size());
        assertEquals("otava.series", new CsvHistoryStore(history).read().rows().getFirst().benchmark());
    }

    @Test
    void import_ofABadFile_listsEveryProblem_addsNothing_andExitsOne() throws Exception {
        Path history = temp.resolve("h");
        Path file = temp.resolve("bad.csv");
        Files.writeString(file, "time,commit,m\nnot-a-time,c1,1\n2025-01-01,c2,x\n");
        assertEquals(1, run("history", "import", "--history", history.toString(), file.toString()));
        assertTrue(err.toString().contains(file + ":2: column time: 'not-a-time' is not a time"), err.toString());
        assertTrue(err.toString().contains(file + ":3: column m: 'x' is not a number"), err.toString());
        assertTrue(err.toString().contains("not imported (2 problems); nothing of it was added"), err.toString());
        assertTrue(!Files.exists(history) || new CsvHistoryStore(history).read().rows().isEmpty());
    }

    @Test
    void badCommandLines_exitTwoWithTheReason() throws Exception {
        assertEquals(2, run("history", "import", temp.resolve("missing.json").toString()));
        assertTrue(err.toString().contains("missing.json: no such file"), err.toString());
        assertEquals(2, run("history", "import", "--format", "yaml", otavaFile().toString()));
        assertTrue(err.toString().contains("unknown format 'yaml': expected one of jmh, stress, otava, verdict"));
        assertEquals(2, run("history", "check", "--history", "a", "--jdbc", "jdbc:postgresql://x/y"));
        assertTrue(err.toString().contains("--history and --jdbc exclude each other"), err.toString());
        assertEquals(2, run("history", "import", "--kind", "weekly", otavaFile().toString()));
        assertEquals(2, run("history"));
    }

    @Test
    void check_reportsDamagedRowsWithFileAndLine_andExitsOne() throws Exception {
        Path history = temp.resolve("h");
        assertEquals(0, run("history", "import", "--history", history.toString(), otavaFile().toString()));
        assertEquals(0, run("history", "check", "--history", history.toString()));
        assertTrue(out.toString().contains("2 runs: ok"), out.toString());
        Path shard = history.resolve("2025-01.csv");
        List<String> lines = Files.readAllLines(shard);
        Files.writeString(shard, String.join("\r\n", lines) + "\r\nbroken,row\r\n");
        assertEquals(1, run("history", "check", "--history", history.toString()));
        assertEquals(shard + ":7: expected 19 columns, found 2 (a truncated or hand-edited row?)"
                + System.lineSeparator(), err.toString());
        assertTrue(out.toString().contains("4 rows, 2 runs: 1 problems"), out.toString());
    }

    @Test
    void merge_combinesAgentsHistoriesWithoutDuplicates() throws Exception {
        Path agent = temp.resolve("agent");
        Path merged = temp.resolve("merged");
        assertEquals(0, run("history", "import", "--history", agent.toString(), otavaFile().toString()));
        assertEquals(0, run("history", "merge", "--history", merged.toString(), agent.toString()));
        assertEquals(agent + ": 2 runs: 4 rows added" + System.lineSeparator(), out.toString());
        assertEquals(0, run("history", "merge", "--history", merged.toString(), agent.toString(), agent.toString()));
        assertTrue(out.toString().contains("already in the history (4 rows): nothing added"), out.toString());
        assertEquals(4, new CsvHistoryStore(merged).read().rows().size());
    }

    @Test
    void export_writesOtavasLayout_thatImportsBackUnchanged() throws Exception {
        Path history = temp.resolve("h");
        assertEquals(0, run("history", "import", "--history", history.toString(), otavaFile().toString()));
        assertEquals(0, run("history", "export", "--history", history.toString(), "--benchmark", "otava.series"));
        assertEquals("""
                time,commit,latency.avg,throughput
                2025-01-01T02:00:00Z,c1,12.0,100.5
                2025-01-02T02:00:00Z,c2,11.5,101.5
                """, out.toString());
        Path exported = temp.resolve("series.csv");
        Files.writeString(exported, out.toString());
        assertEquals(0, run("history", "import", "--history", history.toString(), exported.toString()));
        assertTrue(out.toString().contains("already in the history (4 rows): nothing added"), out.toString());
        assertEquals(1, run("history", "export", "--history", history.toString(), "--benchmark", "nothing"));
        assertTrue(err.toString().contains("no series matches"), err.toString());
    }

    @Test
    void everyHistoryCommand_hasHelpWithAnExample() {
        for (String command : List.of("import", "merge", "check", "export")) {
            assertEquals(0, run("history", command, "--help"));
            assertTrue(out.toString().contains("./lab history " + command), command + ":\n" + out);
            assertTrue(out.toString().contains("--jdbc=URL"), command + ":\n" + out);
        }
    }
}
