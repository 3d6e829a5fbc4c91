package org.jmalloc.lab.text;

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
    void row_rejectsTheWrongNumberOfCells() {
        TextTable table = TextTable.of("a", "b");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.row("only one"));
        assertEquals("row has 1 cells, the table has 2 columns [a, b]", e.getMessage());
    }
}
