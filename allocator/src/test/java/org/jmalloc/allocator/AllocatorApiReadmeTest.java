package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's API table (between the {@code allocator-api} markers) lists exactly the public
 * methods of {@link Allocator}: one row per method, its signature with parameter types and names,
 * its return type ({@code static} first for a static method), and a line on what it does. A method
 * added, removed or changed without its row fails here.
 */
class AllocatorApiReadmeTest {

    /** {@code | `name(Type a, Type b)` | `[static ]Return` | what it does |}. */
    private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)\\(([^)]*)\\)` \\| `(static )?(\\w+)` \\| (.+) \\|$");

    /** {@code name(Type, Type) -> [static ]Return}, the form both sides are compared in. */
    private static String key(boolean isStatic, String returns, String name, List<String> types) {
        return name + "(" + String.join(", ", types) + ") -> " + (isStatic ? "static " : "") + returns;
    }

    @Test
    void readmeTableListsExactlyThePublicMethodsOfAllocator() throws IOException {
        TreeSet<String> documented = new TreeSet<>();
        List<String> bad = new ArrayList<>();
        for (String line : ReadmeSection.read("allocator-api").content().strip().split("\n")) {
            if (line.startsWith("| method ") || line.startsWith("|---")) {
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (!m.matches() || m.group(5).isBlank()) {
                bad.add(line);
                continue;
            }
            List<String> types = new ArrayList<>();
            for (String param : m.group(2).isEmpty() ? new String[0] : m.group(2).split(", ")) {
                String[] typeAndName = param.strip().split(" ");
                if (typeAndName.length != 2) {
                    bad.add(line);
                }
                types.add(typeAndName[0]);
            }
            assertTrue(documented.add(key(m.group(3) != null, m.group(4), m.group(1), types)), "listed twice: " + line);
        }
        assertEquals(List.of(), bad, "rows not of the form | `name(Type param, …)` | `[static ]Return` | what it does |");

        TreeSet<String> declared = new TreeSet<>();
        for (Method method : Allocator.class.getDeclaredMethods()) {
            if (Modifier.isPublic(method.getModifiers()) && !method.isSynthetic()) {
                List<String> types = new ArrayList<>();
                for (Class<?> type : method.getParameterTypes()) {
                    types.add(type.getSimpleName());
                }
                declared.add(key(Modifier.isStatic(method.getModifiers()), method.getReturnType().getSimpleName(),
                        method.getName(), types));
            }
        }
        assertEquals(String.join("\n", declared), String.join("\n", documented),
                "the README's API table against Allocator's public methods");
    }
}
