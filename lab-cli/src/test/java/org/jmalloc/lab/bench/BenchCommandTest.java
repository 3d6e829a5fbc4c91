package org.jmalloc.lab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jmalloc.lab.LabRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        return LabRun.execute(out, err, args);
    }

    private Path copyGolden(String resource, String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void quickAndFullExcludeEachOther() {
        assertEquals(2, run("bench", "--quick", "--full"));
        assertTrue(err.toString().contains("mutually exclusive"), err.toString());
    }

    @Test
    void report_printsTheTableOfAnEarlierRunWithTheFailuresFromItsLog() throws IOException {
        Path json = copyGolden("golden-jmh.json", "20250101-120000.json");
        copyGolden("golden-jmh.log", "20250101-120000.log");
        assertEquals(0, run("bench", "--report", json.toString(), "--impl", "jmalloc,glibc,mimalloc"));
        String table = out.toString();
        assertTrue(table.startsWith("workload "), table);
        assertTrue(table.contains("] mimalloc not installed: apt-get install libmimalloc2.0"), table);
        // Only the columns shown compete for best native: jemalloc's 11.0 ns is left out, glibc's 16.5 is the best.
        assertTrue(table.lines().anyMatch(l -> l.startsWith("MallocFreeLatency size=00064 ")
                && l.contains(" 0.50  glibc ")), table);
    }

    @Test
    void report_failsWhenAJmallocRunFailed() throws IOException {
        Path json = copyGolden("golden-jmh.json", "run.json");
        Files.writeString(dir.resolve("run.log"), """
                # Benchmark: org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree
                # Parameters: (impl = jmalloc-segment, size = 00064)
                Iteration   1: <failure>

                java.lang.IllegalStateException: allocator is closed
                """);
        assertEquals(1, run("bench", "--report", json.toString()));
        assertTrue(out.toString().contains("allocator is closed"), out.toString());
    }

    @Test
    void report_rejectsAFileThatIsNotJmhJson() throws IOException {
        Path json = Files.writeString(dir.resolve("x.json"), "{\"benchmark\": 1}");
        assertEquals(2, run("bench", "--report", json.toString()));
        assertTrue(err.toString().contains("not a JMH result file: expected a JSON array of results"), err.toString());
    }

    @Test
    void report_rejectsAMissingFile() {
        assertEquals(2, run("bench", "--report", dir.resolve("none.json").toString()));
        assertTrue(err.toString().contains("none.json: no such file"), err.toString());
    }

    @Test
    void profNoneCannotBeCombined() {
        assertEquals(2, run("bench", "--prof", "none", "--prof", "gc", "--jar", dir.resolve("b.jar").toString()));
        assertTrue(err.toString().contains("--prof none cannot be combined with other profilers: [none, gc]"),
                err.toString());
    }

    @Test
    void aMissingJarSaysHowToBuildIt() {
        assertEquals(2, run("bench", "--dry-run", "--jar", dir.resolve("b.jar").toString()));
        assertTrue(err.toString().contains("b.jar does not exist: build it with mvn -DskipTests -pl benchmarks -am"
                + " package"), err.toString());
    }

    @Test
    void anInvalidIncludeIsOneLineAndExitCode2() {
        assertEquals(2, run("bench", "--include", "[", "--jar", dir.resolve("b.jar").toString()));
        assertEquals("lab bench: invalid --include '[': not a regular expression (Unclosed character class at index"
                + " 0); e.g. --include MallocFreeLatency or --include 'CrossThread|Larson'\n"
                + "Try 'lab bench --help' for the options and an example.\n", err.toString());
    }

    @Test
    void anOutDirectoryThatCannotBeCreatedIsOneLineAndExitCode2() throws IOException {
        assertEquals(2, run("bench", "--out", "/proc/forbidden", "--jar", dir.resolve("b.jar").toString()));
        assertTrue(err.toString().startsWith("lab bench: --out /proc/forbidden: cannot create the result directory ("),
                err.toString());
        assertEquals(2, err.toString().lines().count(), err.toString());

        Path file = Files.writeString(dir.resolve("file"), "");
        err.getBuffer().setLength(0);
        assertEquals(2, run("bench", "--out", file.resolve("sub").toString(), "--jar", dir.resolve("b.jar").toString()));
        assertTrue(err.toString().startsWith("lab bench: --out " + file.resolve("sub") + ": cannot create the result"
                + " directory (FileSystemException"), err.toString());
    }

    @Test
    void aJarJmhCannotRunIsOneLineThatSaysWhyAndExitCode3() throws IOException {
        Path notAJar = Files.writeString(dir.resolve("b.jar"), "not a jar");
        assertEquals(3, run("bench", "--jar", notAJar.toString(), "--out", dir.resolve("out").toString()));
        assertTrue(err.toString().startsWith("lab bench: listing the benchmarks failed: JMH exited with code 1; its"
                + " last line: Error: Invalid or corrupt jarfile"), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
    }
}
