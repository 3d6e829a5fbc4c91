package org.jmalloc.benchmarks.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads the jemalloc shared library that LWJGL ships in its {@code lwjgl-jemalloc} natives jar: the library is copied
 * from the class path to a temporary file (deleted when the JVM exits) and opened with
 * {@link SymbolLookup#libraryLookup(Path, Arena)}. LWJGL's Java API is not used.
 */
final class JemallocLoader {

    private JemallocLoader() {
    }

    /**
     * The library's symbols, loaded once per JVM (callers hold the result in a static field).
     *
     * @throws IllegalStateException when the natives for this platform are not on the class path
     * @throws UncheckedIOException when the library cannot be copied out
     */
    static SymbolLookup lookup() {
        String resource = resource(System.getProperty("os.name"), System.getProperty("os.arch"));
        try (InputStream in = JemallocLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("class path resource " + resource + " not found");
            }
            Path file = Files.createTempFile("jmalloc-benchmarks-jemalloc-", ".so");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return SymbolLookup.libraryLookup(file, Arena.global());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + resource + " to a temporary file", e);
        }
    }

    /**
     * The path of the library inside LWJGL's natives jar for this platform.
     *
     * @throws IllegalStateException on a platform other than Linux x64 or arm64
     */
    static String resource(String osName, String osArch) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            throw new IllegalStateException("jemalloc natives are only wired up for Linux, not " + osName);
        }
        String arch = switch (osArch) {
            case "amd64", "x86_64" -> "x64";
            case "aarch64" -> "arm64";
            default -> throw new IllegalStateException("no LWJGL jemalloc natives for architecture " + osArch);
        };
        return "linux/" + arch + "/org/lwjgl/jemalloc/libjemalloc.so";
    }
}
