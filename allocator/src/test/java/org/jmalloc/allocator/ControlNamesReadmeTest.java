package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
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
        ReadmeSection section = ReadmeSection.read("control-names");
        String expected = table();
        if (Boolean.getBoolean("jmalloc.golden.update")) {
            section.rewrite(expected);
            section = ReadmeSection.read("control-names");
        }
        assertEquals(expected, section.content(),
                "the README's control table (regenerate with -Djmalloc.golden.update=true)");
    }
}
