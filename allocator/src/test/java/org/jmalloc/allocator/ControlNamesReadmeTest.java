package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jmalloc.allocator.control.ControlEntry;
import org.junit.jupiter.api.Test;

/**
 * The README documents exactly the control names {@link Control#names()} has: its table (between
 * the {@code control-names} markers) lists every name's template ({@code <i>} an arena,
 * {@code <j>} a small size class) with its type, access and meaning, and nothing else.
 * Regenerate the table with {@code -Djmalloc.golden.update=true} after adding a name.
 */
class ControlNamesReadmeTest {

    private static final Path README = Path.of("../README.md");
    private static final String BEGIN = "<!-- control-names:begin -->";
    private static final String END = "<!-- control-names:end -->";

    static String table() {
        try (Allocator a = Allocator.builder().arenas(2)
                .profiling(ProfilingOptions.defaults().withLeakReport(null)).build()) {
            Map<String, ControlEntry> byTemplate = new LinkedHashMap<>();
            for (ControlEntry e : a.control().entries()) {
                byTemplate.putIfAbsent(e.template(), e);
            }
            StringBuilder b = new StringBuilder();
            b.append("| name | type | access | meaning |\n|---|---|---|---|\n");
            for (ControlEntry e : byTemplate.values()) {
                b.append("| `").append(e.template()).append("` | ").append(e.typeName()).append(" | ")
                        .append(e.access().mode()).append(" | ").append(e.description().replace("|", "\\|"))
                        .append(" |\n");
            }
            return b.toString();
        }
    }

    @Test
    void readmeListsExactlyTheControlNames() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "the README has no " + BEGIN + " … " + END + " section");
        String expected = table();
        if (Boolean.getBoolean("jmalloc.golden.update")) {
            readme = readme.substring(0, begin + BEGIN.length()) + "\n" + expected + readme.substring(end);
            Files.writeString(README, readme, StandardCharsets.UTF_8);
            begin = readme.indexOf(BEGIN);
            end = readme.indexOf(END);
        }
        assertEquals(expected, readme.substring(begin + BEGIN.length() + 1, end),
                "the README's control table (regenerate with -Djmalloc.golden.update=true)");
    }
}
