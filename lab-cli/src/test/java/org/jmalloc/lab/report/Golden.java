package org.jmalloc.lab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code src/test/resources/org/jmalloc/lab/report}. Run the tests with
 * {@code -Dgolden.update=true} to write the current output as the new golden file (then read the diff
 * before committing it).
 */
final class Golden {

    private static final Path DIR = Path.of("src/test/resources/org/jmalloc/lab/report");

    private Golden() {
    }

    static void assertMatches(String name, String actual, String context) throws IOException {
        Path file = DIR.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(DIR);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, context + ": output differs from "
                + file + " (rerun with -Dgolden.update=true to accept it, then review the diff)");
    }
}
