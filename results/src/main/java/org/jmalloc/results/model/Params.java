package org.jmalloc.results.model;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A benchmark's parameters in one canonical form: sorted by name, so two runs that list the same parameters in a
 * different order have the same row key and the same series.
 *
 * <p>The stored text is {@code name=value} pairs sorted by name and joined by {@code ,}, e.g.
 * {@code size=00064,threads=2}; a {@code \}, {@code ,} or {@code =} inside a name or value is written as
 * {@code \\}, {@code \,}, {@code \=}. The empty text is "no parameters". {@link #parse} reads exactly what
 * {@link #canonical} writes, and {@code parse(p.canonical()).equals(p)} for every {@code p}.
 *
 * @param values parameter values by name, sorted; unmodifiable
 */
public record Params(SortedMap<String, String> values) implements Comparable<Params> {

    /** No parameters. */
    public static final Params NONE = new Params(new TreeMap<>());

    public Params {
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }

    /** The parameters of a map in any order. */
    public static Params of(Map<String, String> values) {
        return new Params(new TreeMap<>(values));
    }

    /** The value of a parameter, or null when there is none. */
    public String get(String name) {
        return values.get(name);
    }

    /** These parameters with one more (or another value of one). */
    public Params with(String name, String value) {
        TreeMap<String, String> copy = new TreeMap<>(values);
        copy.put(name, value);
        return new Params(copy);
    }

    /** These parameters without one of them (e.g. {@code impl}, which the history keeps in its own column). */
    public Params without(String name) {
        TreeMap<String, String> copy = new TreeMap<>(values);
        copy.remove(name);
        return new Params(copy);
    }

    /** The canonical text, e.g. {@code size=00064,threads=2}; empty when there are no parameters. */
    public String canonical() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!b.isEmpty()) {
                b.append(',');
            }
            escape(b, e.getKey());
            b.append('=');
            escape(b, e.getValue());
        }
        return b.toString();
    }

    /**
     * Reads the canonical text.
     *
     * @throws IllegalArgumentException saying where the text is malformed (a pair without {@code =}, a dangling
     *     {@code \}, a name given twice, names out of order)
     */
    public static Params parse(String text) {
        TreeMap<String, String> values = new TreeMap<>();
        if (text.isEmpty()) {
            return new Params(values);
        }
        StringBuilder name = new StringBuilder();
        StringBuilder value = new StringBuilder();
        StringBuilder current = name;
        boolean sawEquals = false;
        String previous = null;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ',';
            if (i < text.length() && c == '\\') {
                if (i + 1 == text.length()) {
                    throw new IllegalArgumentException("params '" + text + "': dangling \\ at the end");
                }
                current.append(text.charAt(++i));
            } else if (c == '=' && !sawEquals) {
                sawEquals = true;
                current = value;
            } else if (c == ',') {
                if (!sawEquals) {
                    throw new IllegalArgumentException("params '" + text + "': '" + name
                            + "' has no '=' (expected name=value pairs joined by ',')");
                }
                String key = name.toString();
                if (values.containsKey(key)) {
                    throw new IllegalArgumentException("params '" + text + "': '" + key + "' is given twice");
                }
                if (previous != null && previous.compareTo(key) > 0) {
                    throw new IllegalArgumentException("params '" + text + "': not sorted by name ('" + previous
                            + "' before '" + key + "')");
                }
                values.put(key, value.toString());
                previous = key;
                name.setLength(0);
                value.setLength(0);
                current = name;
                sawEquals = false;
            } else if (c == '=') {
                throw new IllegalArgumentException("params '" + text + "': unescaped '=' in the value of '" + name
                        + "'");
            } else {
                current.append(c);
            }
        }
        return new Params(values);
    }

    private static void escape(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == ',' || c == '=') {
                b.append('\\');
            }
            b.append(c);
        }
    }

    @Override
    public int compareTo(Params o) {
        return canonical().compareTo(o.canonical());
    }

    @Override
    public String toString() {
        return canonical();
    }
}
