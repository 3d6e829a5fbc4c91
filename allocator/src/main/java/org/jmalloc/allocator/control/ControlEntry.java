package org.jmalloc.allocator.control;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One control name: its value's type, its access, what it means, and the code that reads and
 * writes it.
 *
 * @param name the dotted name, e.g. {@code stats.arenas.0.dirty_bytes}
 * @param template the name with its index segments as {@code <i>} (arena) or {@code <j>} (size
 *     class), e.g. {@code stats.arenas.<i>.dirty_bytes}: the form the documentation lists
 * @param type {@code Long}, {@code Boolean}, {@code String} or {@code Double}; for an action, the
 *     type of its argument ({@code Void} when it takes none)
 * @param access what {@code get} and {@code set} may do
 * @param description one sentence for the documentation
 * @param reader produces the current value (null for write-only names)
 * @param writer applies a value already checked against {@code type} (null for read-only names)
 */
public record ControlEntry(String name, String template, Class<?> type, Access access, String description,
                           Supplier<Object> reader, Consumer<Object> writer) {

    public ControlEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(description, "description");
        if (access.readable() != (reader != null) || access.writable() != (writer != null)) {
            throw new IllegalArgumentException(name + ": a " + access + " entry needs exactly the matching reader/writer");
        }
    }

    /** The type's simple name as the documentation shows it ({@code void} for an action without argument). */
    public String typeName() {
        return type == Void.class ? "void" : type.getSimpleName();
    }
}
