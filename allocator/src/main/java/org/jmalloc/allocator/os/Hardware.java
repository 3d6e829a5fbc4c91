package org.jmalloc.allocator.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The hardware and OS facts of the machine, read once from the OS. The allocator sizes its default
 * arena count by {@link #cpus()} (facts of another machine can be passed to
 * {@link org.jmalloc.allocator.AllocatorBuilder#hardware}; the logical page size is set with
 * {@code pageSize}); the rest describe the machine in {@code ./lab info}.
 *
 * @param pageSize OS page size in bytes
 * @param cacheLine L1 data cache line size in bytes (64 when the OS does not say)
 * @param cpus processors available to the JVM
 * @param numaNodes NUMA nodes the OS reports (1 when it reports none)
 * @param arch {@code os.arch} of the JVM, e.g. {@code amd64}, {@code aarch64}
 * @param os {@code os.name} and kernel release
 * @param transparentHugePageSize THP size in bytes, 0 when unknown
 * @param jdk {@code java.runtime.version}
 */
public record Hardware(long pageSize, int cacheLine, int cpus, int numaNodes, String arch, String os,
                       long transparentHugePageSize, String jdk) {

    private static final Hardware DETECTED = detectNow();

    /** The facts of this machine, read once. */
    public static Hardware detect() {
        return DETECTED;
    }

    private static Hardware detectNow() {
        long page;
        try {
            page = OsMemory.system().pageSize();
        } catch (UnsupportedOperationException | LinkageError e) {
            page = 4096;
        }
        int line = (int) readLong("/sys/devices/system/cpu/cpu0/cache/index0/coherency_line_size", 64);
        int nodes = countNumaNodes();
        String kernel = readString("/proc/sys/kernel/osrelease");
        String os = System.getProperty("os.name", "unknown") + (kernel.isEmpty() ? "" : " " + kernel);
        long thp = readLong("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size", 0);
        return new Hardware(page, line, Runtime.getRuntime().availableProcessors(), nodes,
                System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT), os, thp,
                System.getProperty("java.runtime.version", System.getProperty("java.version", "unknown")));
    }

    private static int countNumaNodes() {
        Path dir = Path.of("/sys/devices/system/node");
        if (!Files.isDirectory(dir)) {
            return 1;
        }
        try (Stream<Path> nodes = Files.list(dir)) {
            long n = nodes.filter(p -> p.getFileName().toString().matches("node\\d+")).count();
            return (int) Math.max(1, n);
        } catch (IOException e) {
            return 1;
        }
    }

    private static long readLong(String path, long fallback) {
        String text = readString(path);
        try {
            return text.isEmpty() ? fallback : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String readString(String path) {
        try {
            return Files.readString(Path.of(path)).trim();
        } catch (IOException | SecurityException e) {
            return "";
        }
    }
}
