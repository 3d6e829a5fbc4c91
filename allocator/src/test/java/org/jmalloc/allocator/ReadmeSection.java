package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A section of the project's README between {@code <!-- name:begin -->} and {@code <!-- name:end -->},
 * for the tests that keep a README table equal to the code ({@link ControlNamesReadmeTest},
 * {@link AllocatorApiReadmeTest}).
 */
final class ReadmeSection {

    private static final Path README = Path.of("../README.md");

    private final String readme;
    private final int from;
    private final int to;

    private ReadmeSection(String readme, int from, int to) {
        this.readme = readme;
        this.from = from;
        this.to = to;
    }

    /** The section {@code name}; fails the test when the README has no such markers. */
    static ReadmeSection read(String name) throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String begin = "<!-- " + name + ":begin -->";
        String end = "<!-- " + name + ":end -->";
        int b = readme.indexOf(begin);
        int e = readme.indexOf(end);
        assertTrue(b >= 0 && e > b, "the README has no " + begin + " … " + end + " section");
        return new ReadmeSection(readme, b + begin.length() + 1, e);
    }

    /** The text between the markers, without the newline after the begin marker. */
    String content() {
        return readme.substring(from, to);
    }

    /** Writes the README with {@code content} (ending in a newline) between the markers. */
    void rewrite(String content) throws IOException {
        Files.writeString(README, readme.substring(0, from) + content + readme.substring(to), StandardCharsets.UTF_8);
    }
}
