package org.jmalloc.lab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's own paths, with a real child JVM. Runs of the real benchmarks jar are in the benchmarks module's
 * {@code JmhRunnerIT}, which runs after the jar is built.
 */
class JmhRunnerTest {

    @TempDir
    Path dir;

    private final List<String> console = new ArrayList<>();
    private final JmhRunner runner = JmhRunner.withCurrentJava(console::add);

    @Test
    void aMissingJarCannotRunAndSaysHowToBuildIt() {
        Path jar = dir.resolve("b.jar");
        CannotRunException e = assertThrows(CannotRunException.class,
                () -> runner.run(JmhRequest.of(jar, List.of(), new RunFiles(dir, "run"))));
        assertEquals(jar + " does not exist: build it with mvn -DskipTests -pl benchmarks -am package", e.getMessage());
        assertThrows(CannotRunException.class, () -> runner.list(jar, List.of()));
    }

    @Test
    void aFileThatIsNotAJarIsAProblemWithTheJvmsReason() throws IOException, InterruptedException {
        Path jar = Files.writeString(dir.resolve("b.jar"), "not a jar");
        RunFiles files = new RunFiles(dir.resolve("out"), "run");
        Files.createDirectories(files.dir());
        Files.writeString(files.json(), "[]"); // an earlier run's file must not be read as this run's

        JmhOutcome outcome = runner.run(JmhRequest.of(jar, List.of("-f", "1"), files));

        assertEquals(1, outcome.exitCode());
        assertFalse(outcome.complete());
        assertEquals(List.of(), outcome.results());
        assertFalse(Files.exists(files.json()));
        assertTrue(outcome.problem().orElseThrow().startsWith("JMH exited with code 1; its last line: Error: Invalid or"
                + " corrupt jarfile"), outcome.problem().toString());
        assertEquals(outcome.problem(), outcome.summary());
        assertTrue(Files.readString(files.log()).contains("Invalid or corrupt jarfile"));
        assertEquals(List.of("Error: Invalid or corrupt jarfile " + jar), console, "echoed as progress");
    }

    @Test
    void listingAFileThatIsNotAJarCannotRun() throws IOException {
        Path jar = Files.writeString(dir.resolve("b.jar"), "not a jar");
        CannotRunException e = assertThrows(CannotRunException.class, () -> runner.list(jar, List.of(".*")));
        assertTrue(e.getMessage().startsWith("listing the benchmarks failed: JMH exited with code 1; its last line:"
                + " Error: Invalid or corrupt jarfile"), e.getMessage());
    }
}
