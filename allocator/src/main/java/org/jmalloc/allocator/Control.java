package org.jmalloc.allocator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jmalloc.allocator.control.ControlEntry;
import org.jmalloc.allocator.control.NameMatcher;

/**
 * An allocator's control namespace, after jemalloc's {@code mallctl}: dotted names to read
 * ({@code stats.allocated}, {@code thread.allocated}, {@code arenas.count}), to write
 * ({@code prof.active}, {@code arena.0.dirty_decay_ms}) or to run ({@code thread.tcache.flush},
 * {@code prof.dump}). {@link #names()} lists every name; the README documents each one.
 *
 * <pre>{@code
 * Control ctl = allocator.control();
 * long allocated = (Long) ctl.get("stats.allocated");
 * ctl.set("prof.active", true);
 * ctl.set("prof.dump", "heap.collapsed");
 * }</pre>
 *
 * <p>Values are {@code Long}, {@code Boolean}, {@code String} or {@code Double}; {@code set}
 * accepts any integral {@link Number} for a {@code Long}. {@code stats.*} names read the snapshot
 * of the current {@code epoch} (writing {@code epoch} takes a new one, as in jemalloc), so names
 * read one after the other agree with each other; everything else is read live. Bad input throws {@link IllegalArgumentException} whose message says what was
 * wrong and lists the closest names that would have worked. Thread-safe.
 */
public final class Control {

    private final Map<String, ControlEntry> entries;

    Control(List<ControlEntry> list) {
        Map<String, ControlEntry> map = new LinkedHashMap<>();
        for (ControlEntry e : list) {
            if (map.put(e.name(), e) != null) {
                throw new IllegalStateException("control name registered twice: " + e.name());
            }
        }
        this.entries = Collections.unmodifiableMap(map);
    }

    /** Every name, in documentation order (grouped by prefix). */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /**
     * The value of a readable name.
     *
     * @throws IllegalArgumentException for an unknown name or an action (write-only) name
     */
    public Object get(String name) {
        ControlEntry e = entry(name);
        if (!e.access().readable()) {
            throw new IllegalArgumentException(name + " is an action and cannot be read: run it with set(\"" + name
                    + "\", " + (e.type() == Void.class ? "null" : "<" + e.typeName() + ">") + ")");
        }
        return e.reader().get();
    }

    /** {@link #get} of a {@code Long} name. */
    public long getLong(String name) {
        return typed(name, Long.class);
    }

    /** {@link #get} of a {@code Boolean} name. */
    public boolean getBoolean(String name) {
        return typed(name, Boolean.class);
    }

    /**
     * Writes a value, or runs an action ({@code value} is the action's argument; {@code null} for
     * one that takes none).
     *
     * @throws IllegalArgumentException for an unknown or read-only name, or a value of the wrong type
     *     or out of range
     */
    public void set(String name, Object value) {
        ControlEntry e = entry(name);
        if (!e.access().writable()) {
            List<String> writable = NameMatcher.closest(name, entries.keySet(),
                    n -> entries.get(n).access().writable());
            throw new IllegalArgumentException(name + " is read-only" + (writable.isEmpty()
                    ? "" : "; writable names close to it: " + String.join(", ", writable)));
        }
        e.writer().accept(convert(e, value));
    }

    /** The entries, for documentation: the type, access and meaning of each name. */
    public List<ControlEntry> entries() {
        return List.copyOf(entries.values());
    }

    private ControlEntry entry(String name) {
        if (name == null) {
            throw new IllegalArgumentException("control name is null: see names() for every name");
        }
        ControlEntry e = entries.get(name);
        if (e != null) {
            return e;
        }
        String shape = NameMatcher.shape(name);
        if (!shape.equals(name)) {
            TreeSet<String> templates = new TreeSet<>();
            for (ControlEntry c : entries.values()) {
                if (NameMatcher.shape(c.name()).equals(shape)) {
                    templates.add(c.template());
                }
            }
            if (!templates.isEmpty()) {
                throw new IllegalArgumentException("unknown control name '" + name + "': an index is out of range for "
                        + String.join(", ", templates) + " (" + indexRanges() + ")");
            }
        }
        List<String> close = NameMatcher.closest(name, entries.keySet(), n -> true);
        throw new IllegalArgumentException("unknown control name '" + name + "'" + (close.isEmpty()
                ? "; no name is close to it: names() lists all " + entries.size()
                : "; close matches: " + String.join(", ", close)));
    }

    /** "arenas 0..7, size classes 0..34" from the registered names. */
    private String indexRanges() {
        long arenas = entries.containsKey("arenas.count") ? (Long) entries.get("arenas.count").reader().get() : 0;
        long bins = entries.containsKey("arenas.nbins") ? (Long) entries.get("arenas.nbins").reader().get() : 0;
        List<String> parts = new ArrayList<>();
        if (arenas > 0) {
            parts.add("<i>: arenas 0.." + (arenas - 1));
        }
        if (bins > 0) {
            parts.add("<j>: small size classes 0.." + (bins - 1));
        }
        return String.join(", ", parts);
    }

    private static Object convert(ControlEntry e, Object value) {
        Class<?> type = e.type();
        if (type == Void.class) {
            if (value != null) {
                throw new IllegalArgumentException(e.name() + " is an action without argument: pass null, not "
                        + describe(value));
            }
            return null;
        }
        if (type == Long.class && value instanceof Number n) {
            if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
                return n.longValue();
            }
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 0x1p63) {
                return (long) d;
            }
            throw new IllegalArgumentException(e.name() + " takes an integer, not " + describe(value));
        }
        if (type == Double.class && value instanceof Number n) {
            return n.doubleValue();
        }
        if (type.isInstance(value)) {
            return value;
        }
        throw new IllegalArgumentException(e.name() + " takes a " + e.typeName() + ", not " + describe(value));
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }

    private <T> T typed(String name, Class<T> type) {
        Object v = get(name);
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException(name + " is a " + entries.get(name).typeName() + ", not a "
                    + type.getSimpleName());
        }
        return type.cast(v);
    }
}
