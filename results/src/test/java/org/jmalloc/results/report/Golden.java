package org.jmalloc.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code src/test/resources/org/jmalloc/results/report}. Run the tests with
 * {@code -Djmalloc.golden.update=true} to write the current output as the new golden file (then
 * read the diff before committing it).
 */
final class Golden {

    private static final Path DIR = Path.of("src/test/resources/org/jmalloc/results/report");

    private Golden() {
    }

    static void assertMatches(String name, String actual) throws IOException {
        Path file = DIR.resolve(name);
        if (Boolean.getBoolean("jmalloc.golden.update")) {
            Files.createDirectories(DIR);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "output differs from the golden file "
                + file + " (rerun with -Djmalloc.golden.update=true to accept it, then review the diff)");
    }
}
