package org.jmalloc.results.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Stroke;

/** The charts' colours, strokes and fonts, so that every chart looks alike. */
final class Palette {

    /** Line colours, in order (colour-blind friendly, after Okabe and Ito). */
    private static final Color[] LINES = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000),
    };
    /** Reference-line colours, greys and muted tones, in order. */
    private static final Color[] REFERENCES = {
        new Color(0x555555), new Color(0x8C6D31), new Color(0x6B6ECF), new Color(0x843C39),
        new Color(0x637939), new Color(0x7B4173), new Color(0x999999),
    };

    static final Color CHANGE = new Color(0xC00000);
    static final Color BACKGROUND = Color.WHITE;
    static final Color GRID = new Color(0xDDDDDD);
    /** Behind marker labels: white, slightly see-through, so a label over a line stays legible. */
    static final Color LABEL_BACKGROUND = new Color(255, 255, 255, 210);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    static final Stroke LINE = new BasicStroke(1.8f);
    static final Stroke DASHED = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);

    private Palette() {
    }

    static Paint line(int i) {
        return LINES[i % LINES.length];
    }

    static Paint reference(int i) {
        return REFERENCES[i % REFERENCES.length];
    }
}
