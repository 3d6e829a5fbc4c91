package org.jmalloc.lab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JmhRequestTest {

    private static final RunFiles FILES = new RunFiles(Path.of("out"), "run");

    @Test
    void theCommandIsJavaHostOptionsJarArgsAndTheResultFile() {
        JmhRequest request = JmhRequest.of(Path.of("b.jar"), List.of("MallocFree", "-f", "1", "-p", "impl=jmalloc",
                "-prof", "gc"), FILES);
        assertEquals(List.of("/jdk/bin/java", "--enable-native-access=ALL-UNNAMED", "-jar", "b.jar", "MallocFree", "-f",
                "1", "-p", "impl=jmalloc", "-prof", "gc", "-rf", "json", "-rff", Path.of("out/run.json").toString()),
                new JmhRunner(Path.of("/jdk/bin/java"), line -> { }).command(request));
    }

    @Test
    void rejectsOptionsThatDecideWhereResultsGo() {
        for (String reserved : List.of("-rf", "-rff", "-o", "-lp")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> JmhRequest.of(Path.of("b.jar"), List.of(reserved, "x"), FILES));
            assertEquals("JMH option " + reserved + " is the runner's: it writes JSON results to "
                    + Path.of("out/run.json") + " and JMH's output to " + Path.of("out/run.log"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class,
                () -> JmhRequest.of(Path.of("b.jar"), List.of(), FILES).withLockWait(Duration.ofSeconds(-1)));
    }
}
