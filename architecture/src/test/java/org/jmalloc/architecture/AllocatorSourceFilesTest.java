package org.jmalloc.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One idea per file, checked on the allocator's sources: none is over {@value #MAX_LINES} lines, and
 * each says its job in a comment before its type (a package says it in {@code package-info.java}).
 */
class AllocatorSourceFilesTest {

    static final int MAX_LINES = 500;

    @Test
    void everyAllocatorSourceFileIsShortAndSaysItsJob() throws IOException {
        Path sources = Path.of(System.getProperty("user.dir")).getParent().resolve("allocator/src/main/java");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no sources found under " + sources);
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            problems.addAll(problems(sources.relativize(f).toString(), Files.readAllLines(f)));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aLongFileAndAFileWithoutItsJobAreBothCaught() {
        List<String> longFile = new ArrayList<>(List.of("package p;", "/** Does one thing. */", "final class A {"));
        while (longFile.size() <= MAX_LINES) {
            longFile.add("    // filler");
        }
        assertEquals(1, problems("A.java", longFile).size());
        assertEquals(1, problems("B.java", List.of("package p;", "", "final class B {", "}")).size());
        assertTrue(problems("C.java", List.of("package p;", "/**", " * Does one thing.", " */", "record C() {", "}")).isEmpty());
    }

    /** What is wrong with one file: too long, or no comment before its first type declaration. */
    static List<String> problems(String name, List<String> lines) {
        List<String> problems = new ArrayList<>();
        if (lines.size() > MAX_LINES) {
            problems.add(name + ": " + lines.size() + " lines, over " + MAX_LINES + ": split it by idea");
        }
        boolean comment = false;
        for (String line : lines) {
            String t = line.strip();
            if (t.endsWith("*/")) {
                comment = true;
            }
            if (t.matches("(public |abstract |final |sealed |non-sealed |static )*(class|interface|record|enum|@interface) .*")
                    || t.startsWith("package ") && name.endsWith("package-info.java")) {
                if (!comment) {
                    problems.add(name + ": no comment before the declaration says what the file is for");
                }
                break;
            }
        }
        return problems;
    }
}
