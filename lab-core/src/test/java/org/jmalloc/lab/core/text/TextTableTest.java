package org.jmalloc.lab.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void render_padsLeftColumnsRightAndNumericColumnsLeft() {
        String text = TextTable.of("name", ">count", "note")
                .row("a", 5, "x")
                .row("longer", 12345, "")
                .render("  ");
        assertEquals("""
                  name    count  note
                  a           5  x
                  longer  12345
                """, text);
    }

    @Test
    void render_theStressSummaryKeepsFiguresRightAlignedWithoutARuleLine() {
        // Until both modules shared this class, stress's own table drew a rule of dashes under the header and
        // right-aligned every column but the first; the one format of the project has no rule line, and the stress
        // table marks its figure columns with '>'.
        String table = TextTable.of("workload", ">ops", ">violations")
                .row("larson", "1,234,567", "0")
                .row("cache-thrash", "89", "12")
                .render("");
        assertEquals("""
                workload            ops  violations
                larson        1,234,567           0
                cache-thrash         89          12
                """, table);
    }

    @Test
    void row_rejectsTheWrongNumberOfCells() {
        TextTable table = TextTable.of("a", "b");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.row("only one"));
        assertEquals("row has 1 cells, the table has 2 columns [a, b]", e.getMessage());
    }
}
