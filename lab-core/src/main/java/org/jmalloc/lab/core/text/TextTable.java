package org.jmalloc.lab.core.text;

import java.util.ArrayList;
import java.util.List;

/**
 * The project's one plain-text table: a header line, then one line per row, columns two spaces
 * apart, no rule line; a column marked right-aligned (figures) is padded on the left, the others
 * on the right, and trailing blanks are dropped. Cells are formatted by the caller (with
 * {@code Locale.ROOT}, byte sizes with {@link Bytes}); the table only pads. Not thread-safe.
 */
public final class TextTable {

    /** How a column's cells are padded. */
    public enum Align { LEFT, RIGHT }

    private final List<String> headers;
    private final List<Align> aligns;
    private final List<List<String>> rows = new ArrayList<>();

    private TextTable(List<String> headers, List<Align> aligns) {
        this.headers = headers;
        this.aligns = aligns;
    }

    /**
     * A table with these column headers; a header starting with {@code '>'} marks a right-aligned
     * column (the marker is not printed), e.g. {@code of("class", ">mallocs")}.
     */
    public static TextTable of(String... headers) {
        List<String> names = new ArrayList<>(headers.length);
        List<Align> aligns = new ArrayList<>(headers.length);
        for (String h : headers) {
            boolean right = h.startsWith(">");
            names.add(right ? h.substring(1) : h);
            aligns.add(right ? Align.RIGHT : Align.LEFT);
        }
        return new TextTable(List.copyOf(names), List.copyOf(aligns));
    }

    /**
     * Adds a row; it must have one cell per column.
     *
     * @throws IllegalArgumentException when the row has a different number of cells
     */
    public TextTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, the table has "
                    + headers.size() + " columns " + headers);
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object c : cells) {
            row.add(String.valueOf(c));
        }
        rows.add(row);
        return this;
    }

    /** Number of rows added so far (the header not counted). */
    public int size() {
        return rows.size();
    }

    /** The header and every row, each line starting with {@code indent} and ending with {@code \n}. */
    public String render(String indent) {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, indent, headers, widths);
        for (List<String> row : rows) {
            line(out, indent, row, widths);
        }
        return out.toString();
    }

    private void line(StringBuilder out, String indent, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder(indent);
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            int pad = widths[c] - cell.length();
            if (c > 0) {
                line.append("  ");
            }
            if (aligns.get(c) == Align.RIGHT) {
                line.repeat(' ', pad).append(cell);
            } else {
                line.append(cell).repeat(' ', pad);
            }
        }
        // Trailing blanks of a left-aligned last column carry no information.
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        out.append(line, 0, end).append('\n');
    }
}
