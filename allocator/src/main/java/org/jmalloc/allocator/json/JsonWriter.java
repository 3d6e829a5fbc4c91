package org.jmalloc.allocator.json;

import java.util.Locale;

/**
 * Writes one JSON document into a {@link StringBuilder}, indented by two spaces per level, with
 * commas and colons placed by the writer: callers only say what comes next.
 *
 * <pre>{@code
 * JsonWriter w = new JsonWriter();
 * w.beginObject().name("allocated").value(1024).name("arenas").beginArray().value("a\"b").endArray().endObject();
 * String json = w.toString();   // {"allocated": 1024, "arenas": ["a\"b"]}, indented
 * }</pre>
 *
 * <p>Strings are escaped as RFC 8259 requires: {@code "} and {@code \}, every control character
 * below U+0020 ({@code \n}, {@code \t}, … or {@code \}{@code u00XX}), and, so that the output stays
 * valid UTF-8 whatever the input, lone surrogates as {@code \}{@code uXXXX}. Non-finite doubles have
 * no JSON form and are written as {@code null}. Numbers never depend on the default locale.
 *
 * <p>Misuse (a value where a name is due, an unbalanced end) throws {@link IllegalStateException}
 * at once, so a malformed document is never produced. Not thread-safe.
 */
public final class JsonWriter {

    private static final int MAX_DEPTH = 64;

    private final StringBuilder out = new StringBuilder(4096);
    /** Per open container: 'o' object awaiting a name, 'v' object awaiting a value, 'a' array. */
    private final char[] stack = new char[MAX_DEPTH];
    /** Per open container: whether it already holds a member. */
    private final boolean[] nonEmpty = new boolean[MAX_DEPTH];
    private int depth;
    private boolean done;

    public JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        push('o');
        return this;
    }

    public JsonWriter endObject() {
        if (depth == 0 || stack[depth - 1] != 'o') {
            throw new IllegalStateException("endObject() without an open object awaiting a name");
        }
        return close('}');
    }

    public JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        push('a');
        return this;
    }

    public JsonWriter endArray() {
        if (depth == 0 || stack[depth - 1] != 'a') {
            throw new IllegalStateException("endArray() without an open array");
        }
        return close(']');
    }

    /** The next member's name; a value or a container must follow. */
    public JsonWriter name(String name) {
        if (depth == 0 || stack[depth - 1] != 'o') {
            throw new IllegalStateException("name(\"" + name + "\") outside an object, or after another name");
        }
        separate();
        string(name);
        out.append(": ");
        stack[depth - 1] = 'v';
        return this;
    }

    public JsonWriter value(long v) {
        beforeValue();
        out.append(v);
        return this;
    }

    public JsonWriter value(boolean v) {
        beforeValue();
        out.append(v);
        return this;
    }

    /** A double; NaN and infinities, which JSON cannot express, are written as {@code null}. */
    public JsonWriter value(double v) {
        beforeValue();
        if (Double.isFinite(v)) {
            out.append(v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v));
        } else {
            out.append("null");
        }
        return this;
    }

    /** A number with a fixed count of decimals (for ratios in golden-tested output). */
    public JsonWriter value(double v, int decimals) {
        beforeValue();
        out.append(Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "null");
        return this;
    }

    /** A string, or {@code null}. */
    public JsonWriter value(String v) {
        beforeValue();
        if (v == null) {
            out.append("null");
        } else {
            string(v);
        }
        return this;
    }

    public JsonWriter nullValue() {
        beforeValue();
        out.append("null");
        return this;
    }

    /** The document; every container must be closed. */
    @Override
    public String toString() {
        if (depth != 0) {
            throw new IllegalStateException(depth + " container(s) still open");
        }
        return out.toString() + "\n";
    }

    /** Escapes {@code s} as the contents of a JSON string (without the quotes). */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        escapeInto(b, s);
        return b.toString();
    }

    private void string(String s) {
        out.append('"');
        escapeInto(out, s);
        out.append('"');
    }

    private static void escapeInto(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        unicode(b, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i)); // a well-formed pair
                    } else if (Character.isSurrogate(c)) {
                        unicode(b, c); // a lone surrogate has no UTF-8 form
                    } else {
                        b.append(c);
                    }
                }
            }
        }
    }

    private static void unicode(StringBuilder b, char c) {
        b.append("\\u");
        String hex = Integer.toHexString(c);
        for (int k = hex.length(); k < 4; k++) {
            b.append('0');
        }
        b.append(hex);
    }

    private void beforeValue() {
        if (depth == 0) {
            if (done) {
                throw new IllegalStateException("the document is complete: one top-level value only");
            }
            done = true; // this value (or container) is the document
            return;
        }
        char state = stack[depth - 1];
        if (state == 'o') {
            throw new IllegalStateException("a value inside an object needs a name() first");
        }
        if (state == 'v') {
            stack[depth - 1] = 'o'; // the name already wrote its separator
        } else {
            separate();
        }
    }

    private void separate() {
        if (nonEmpty[depth - 1]) {
            out.append(',');
        }
        nonEmpty[depth - 1] = true;
        newline(depth);
    }

    private void push(char kind) {
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("nesting deeper than " + MAX_DEPTH);
        }
        stack[depth] = kind;
        nonEmpty[depth] = false;
        depth++;
    }

    private JsonWriter close(char bracket) {
        depth--;
        if (nonEmpty[depth]) {
            newline(depth);
        }
        out.append(bracket);
        return this;
    }

    private void newline(int level) {
        out.append('\n');
        for (int i = 0; i < level; i++) {
            out.append("  ");
        }
    }
}
