package org.jmalloc.benchmarks.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jmalloc.benchmarks.ImplBenchmark;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

class ImplTest {

    @Test
    void benchmarkParamListsEveryImplInDeclarationOrder() throws ReflectiveOperationException {
        Param param = ImplBenchmark.class.getField("impl").getAnnotation(Param.class);
        List<String> ids = Arrays.stream(Impl.values()).map(Impl::id).toList();
        assertEquals(ids, List.of(param.value()));
    }

    @Test
    void of_findsEachImplByItsId() {
        for (Impl impl : Impl.values()) {
            assertEquals(impl, Impl.of(impl.id()));
        }
    }

    @Test
    void of_rejectsAnUnknownIdNamingTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Impl.of("hoard"));
        assertEquals("unknown impl 'hoard': expected one of jmalloc, jmalloc-unmarked, jmalloc-prof, jmalloc-segment, glibc, jemalloc, mimalloc,"
                + " tcmalloc, netty-pooled, netty-adaptive", e.getMessage());
    }

    @Test
    void nativeAnchorsAreTheFourCAllocators() {
        List<Impl> anchors = Arrays.stream(Impl.values()).filter(Impl::isNativeAnchor).toList();
        assertEquals(List.of(Impl.GLIBC, Impl.JEMALLOC, Impl.MIMALLOC, Impl.TCMALLOC), anchors);
    }

    /**
     * Every count of anchors the README writes in figures ("jmalloc against 6 anchors") is the
     * number of implementations that are not jmalloc's own.
     */
    @Test
    void readmeCountsTheAnchorsThereAre() throws IOException {
        long anchors = Arrays.stream(Impl.values()).filter(i -> !i.id().startsWith("jmalloc")).count();
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(\\d+) anchors").matcher(readme);
        List<String> counts = new ArrayList<>();
        while (m.find()) {
            counts.add(m.group());
        }
        assertTrue(!counts.isEmpty(), "the README counts no anchors");
        for (String count : counts) {
            assertEquals(anchors + " anchors", count, "a count of anchors in README.md");
        }
    }

    @Test
    void open_rejectsZeroSlots() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Impl.GLIBC.open(0));
        assertEquals("slots must be positive, not 0", e.getMessage());
    }

    @Test
    void missingLibraryFailsWithTheInstallHint() {
        NativeAllocatorLibrary missing = NativeAllocatorLibrary.load(
                () -> java.lang.foreign.SymbolLookup.libraryLookup("libnot-an-allocator.so.9",
                        java.lang.foreign.Arena.global()),
                "x_malloc", "x_free", "x_realloc", "x not installed: apt-get install libx");
        IllegalStateException e = assertThrows(IllegalStateException.class, missing::requireAvailable);
        assertTrue(e.getMessage().startsWith("x not installed: apt-get install libx ("), e.getMessage());
    }

    @Test
    void missingSymbolFailsNamingTheSymbol() {
        NativeAllocatorLibrary missing = NativeAllocatorLibrary.load(
                () -> java.lang.foreign.Linker.nativeLinker().defaultLookup(),
                "malloc", "no_such_free_function", "realloc", "hint");
        IllegalStateException e = assertThrows(IllegalStateException.class, missing::requireAvailable);
        assertEquals("hint (symbol no_such_free_function not found)", e.getMessage());
    }

    @Test
    void jemallocResourceFollowsTheArchitecture() {
        assertEquals("linux/x64/org/lwjgl/jemalloc/libjemalloc.so", JemallocLoader.resource("Linux", "amd64"));
        assertEquals("linux/arm64/org/lwjgl/jemalloc/libjemalloc.so", JemallocLoader.resource("Linux", "aarch64"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> JemallocLoader.resource("Linux", "riscv64"));
        assertEquals("no LWJGL jemalloc natives for architecture riscv64", e.getMessage());
    }
}
