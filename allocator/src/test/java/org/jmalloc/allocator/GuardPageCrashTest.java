package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guard pages, for real: a child JVM writes one byte past a guarded block and dies with
 * {@code SIGSEGV} (a protection fault, {@code SEGV_ACCERR}) at exactly the guard page's address,
 * as the JVM's crash report records it. In this process: guarded blocks behave like any other
 * (free, realloc, usable size), and a guard page cannot be read or written through the allocator.
 */
class GuardPageCrashTest {

    @Test
    void writePastTheEndDiesWithSigsegvAtTheGuard(@TempDir Path dir) throws Exception {
        assertChildDiesAtTheGuard(dir, "large");
    }

    @Test
    void writeBeforeAGuardedSlabDiesWithSigsegvAtTheGuard(@TempDir Path dir) throws Exception {
        assertChildDiesAtTheGuard(dir, "slab");
    }

    private static void assertChildDiesAtTheGuard(Path dir, String mode) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-XX:ErrorFile=" + dir.resolve("hs_err.log"), "-XX:-CreateCoredumpOnCrash", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), GuardPageChild.class.getName(), mode));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child did not end");
        assertNotEquals(0, child.exitValue(), out);
        assertFalse(out.contains("survived"), out);
        Matcher guard = Pattern.compile("guard 0x([0-9a-f]+)").matcher(out);
        assertTrue(guard.find(), out);
        long guardAddress = Long.parseUnsignedLong(guard.group(1), 16);
        String report = Files.readString(dir.resolve("hs_err.log"));
        assertTrue(report.contains("SIGSEGV"), report.lines().limit(20).toList().toString());
        Matcher si = Pattern.compile("si_signo: 11 \\(SIGSEGV\\), si_code: 2 \\(SEGV_ACCERR\\), si_addr: 0x([0-9a-f]+)")
                .matcher(report);
        assertTrue(si.find(), "no SIGSEGV/SEGV_ACCERR siginfo in the crash report:\n"
                + report.lines().filter(l -> l.contains("siginfo")).toList());
        assertEquals(guardAddress, Long.parseUnsignedLong(si.group(1), 16), "the fault is at the guard page");
    }

    @Test
    void guardedBlocksBehaveLikeAnyOther() {
        try (Allocator a = Allocator.builder().safety(SafetyOptions.none().withGuardPages(2)).build()) {
            assertTrue(a.config().threadCache(), "guard pages keep the thread cache");
            assertEquals(2, a.control().getLong("opt.guard_large_every"));
            long[] blocks = new long[10];
            for (int i = 0; i < blocks.length; i++) {
                blocks[i] = a.malloc(50_000);
                assertEquals(57_344, a.usableSize(blocks[i]));
            }
            long moved = a.realloc(blocks[1], 100_000);
            assertTrue(a.usableSize(moved) >= 100_000);
            blocks[1] = moved;
            for (long b : blocks) {
                a.free(b, 50_000 <= a.usableSize(b) && a.usableSize(b) == 57_344 ? 50_000 : a.usableSize(b));
            }
            assertEquals(a.control().getLong("thread.allocated"), a.control().getLong("thread.deallocated"));
        }
    }

    @Test
    void guardedSlabsServeAndReturnTheirRegions() {
        try (Allocator a = Allocator.builder().arenas(1).safety(SafetyOptions.none().withGuardPages(0, 2)).build()) {
            assertTrue(a.config().threadCache(), "slab guards keep the thread cache");
            assertEquals(2, a.control().getLong("opt.guard_slab_every"));
            assertEquals(0, a.control().getLong("opt.guard_large_every"));
            long[] blocks = new long[20_000]; // 64-byte blocks over many slabs, every other one guarded
            MemorySegment all = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
            for (int i = 0; i < blocks.length; i++) {
                blocks[i] = a.malloc(64);
                all.set(ValueLayout.JAVA_LONG, blocks[i], i);
                all.set(ValueLayout.JAVA_LONG, blocks[i] + 56, i);
            }
            Stats s = a.stats();
            assertTrue(s.allocated() <= s.active(), s.allocated() + " > " + s.active());
            for (int i = 0; i < blocks.length; i++) {
                assertEquals(i, all.get(ValueLayout.JAVA_LONG, blocks[i]));
                assertEquals(64, a.usableSize(blocks[i]));
                a.free(blocks[i], 64);
            }
            a.flushThreadCache();
            assertEquals(0, a.stats().allocated());
        }
    }
}
