package org.jmalloc.results.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Golden files under {@code src/test/resources}: {@link #assertMatches} compares bytes exactly; run the tests with
 * {@code -Dgolden.update=true} to rewrite the files from the current output (then review the diff).
 */
public final class Golden {

    private Golden() {
    }

    /** The bytes of a test resource next to {@code anchor}'s package. */
    public static byte[] bytes(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " is missing beside " + anchor.getName()
                        + " (create it with -Dgolden.update=true)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that {@code actual} equals the golden file {@code name} beside {@code anchor}, byte for byte. */
    public static void assertMatches(Class<?> anchor, String name, byte[] actual) {
        if (Boolean.getBoolean("golden.update")) {
            Path file = Path.of("src/test/resources", anchor.getPackageName().replace('.', '/'), name);
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, actual);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        assertEquals(new String(bytes(anchor, name), java.nio.charset.StandardCharsets.UTF_8),
                new String(actual, java.nio.charset.StandardCharsets.UTF_8), "golden file " + name);
    }

    /** Runs {@code body} with {@code locale} as the JVM's default locale (all categories), then restores it. */
    public static <T> T withDefaultLocale(Locale locale, Callable<T> body) throws Exception {
        Locale saved = Locale.getDefault();
        Locale savedFormat = Locale.getDefault(Locale.Category.FORMAT);
        Locale savedDisplay = Locale.getDefault(Locale.Category.DISPLAY);
        Locale.setDefault(locale);
        try {
            return body.call();
        } finally {
            Locale.setDefault(saved);
            Locale.setDefault(Locale.Category.FORMAT, savedFormat);
            Locale.setDefault(Locale.Category.DISPLAY, savedDisplay);
        }
    }
}
