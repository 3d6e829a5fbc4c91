package org.jmalloc.allocator.os;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The process's memory as the kernel sees it: the footprint probe that tests and benchmarks compare
 * an allocator's own {@code resident} and {@code mapped} figures with.
 *
 * <p>Read from {@code /proc/self/smaps_rollup} (Linux 4.14+), which the kernel computes by walking
 * the page tables at the time of the read, so it is exact; when that file is missing, from
 * {@code /proc/self/status} ({@code VmRSS}, {@code RssAnon}), whose counters the kernel may batch per
 * thread on older kernels. The address space always comes from {@code /proc/self/statm}. A read
 * costs a few milliseconds in a large process (the page-table walk): call it at measurement points,
 * never on a hot path.
 *
 * <p>Definitions (all in bytes):
 * <ul>
 *   <li>{@code rss}: resident pages of every kind (anonymous, file-backed, shared);
 *   <li>{@code anonymous}: resident anonymous pages, where malloc'd memory lives;
 *   <li>{@code lazyFree}: resident pages purged with {@code MADV_FREE} that the kernel has not taken
 *       back yet (it takes them only under memory pressure); they are included in {@code rss};
 *   <li>{@code anonHugePages}: resident anonymous memory in transparent huge pages;
 *   <li>{@code addressSpace}: every mapping's size, resident or not ({@code VmSize}).
 * </ul>
 *
 * @param rss resident bytes
 * @param anonymous resident anonymous bytes
 * @param lazyFree resident bytes freed lazily and not yet reclaimed (0 when the kernel does not say)
 * @param anonHugePages resident bytes in transparent huge pages (0 when the kernel does not say)
 * @param addressSpace mapped bytes of address space
 * @param source the file the resident figures came from
 */
public record ProcessFootprint(long rss, long anonymous, long lazyFree, long anonHugePages, long addressSpace,
                               String source) {

    private static final Path ROLLUP = Path.of("/proc/self/smaps_rollup");
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path STATM = Path.of("/proc/self/statm");

    /** Whether this process can read its footprint (a Linux {@code /proc}). */
    public static boolean available() {
        return Files.isReadable(STATM) && (Files.isReadable(ROLLUP) || Files.isReadable(STATUS));
    }

    /**
     * The footprint now.
     *
     * @throws UnsupportedOperationException when there is no {@code /proc/self} to read (not Linux)
     * @throws UncheckedIOException when a file exists but cannot be read
     */
    public static ProcessFootprint read() {
        if (!available()) {
            throw new UnsupportedOperationException("the footprint probe reads /proc/self/smaps_rollup (or"
                    + " /proc/self/status) and /proc/self/statm, which this system ("
                    + System.getProperty("os.name") + ") does not have");
        }
        try {
            long addressSpace = parseStatmSize(Files.readString(STATM), pageSize());
            if (Files.isReadable(ROLLUP)) {
                return fromKiloLines(Files.readAllLines(ROLLUP), "Rss", "Anonymous", addressSpace, ROLLUP.toString());
            }
            return fromKiloLines(Files.readAllLines(STATUS), "VmRSS", "RssAnon", addressSpace, STATUS.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the process footprint from /proc/self", e);
        }
    }

    /**
     * The address space alone ({@code statm}'s first field): cheap enough to sample often (no page-table walk).
     *
     * @throws UnsupportedOperationException when there is no {@code /proc/self/statm}
     */
    public static long addressSpaceNow() {
        if (!Files.isReadable(STATM)) {
            throw new UnsupportedOperationException("/proc/self/statm is not readable on this system ("
                    + System.getProperty("os.name") + ")");
        }
        try {
            return parseStatmSize(Files.readString(STATM), pageSize());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STATM, e);
        }
    }

    /** Resident bytes the kernel would not take back without pressure: {@code rss − lazyFree}. */
    public long rssExcludingLazyFree() {
        return rss - lazyFree;
    }

    /**
     * The figures in {@code smaps_rollup} or {@code status} lines ({@code "Rss:   1772 kB"}), taking
     * the resident total from the line named {@code rssKey} and the anonymous part from
     * {@code anonKey}; {@code LazyFree} and {@code AnonHugePages} when present.
     *
     * @throws IllegalArgumentException when a required line is missing or malformed
     */
    static ProcessFootprint fromKiloLines(List<String> lines, String rssKey, String anonKey, long addressSpace,
                                          String source) {
        long rss = -1;
        long anon = -1;
        long lazy = 0;
        long huge = 0;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon);
            if (key.equals(rssKey)) {
                rss = kiloBytes(line, colon, source);
            } else if (key.equals(anonKey)) {
                anon = kiloBytes(line, colon, source);
            } else if (key.equals("LazyFree")) {
                lazy = kiloBytes(line, colon, source);
            } else if (key.equals("AnonHugePages")) {
                huge = kiloBytes(line, colon, source);
            }
        }
        if (rss < 0 || anon < 0) {
            throw new IllegalArgumentException(source + " has no " + (rss < 0 ? rssKey : anonKey) + " line");
        }
        return new ProcessFootprint(rss, anon, lazy, huge, addressSpace, source);
    }

    /** {@code statm}'s first field (total program size in pages) in bytes. */
    static long parseStatmSize(String statm, long pageSize) {
        String[] fields = statm.trim().split("\\s+");
        try {
            return Long.parseLong(fields[0]) * pageSize;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("/proc/self/statm does not start with a page count: " + statm, e);
        }
    }

    /** The value of a {@code "Key:   123 kB"} line in bytes. */
    static long kiloBytes(String line, int colon, String source) {
        String value = line.substring(colon + 1).trim();
        if (!value.endsWith(" kB")) {
            throw new IllegalArgumentException(source + ": expected a value in kB in '" + line + "'");
        }
        try {
            return Long.parseLong(value.substring(0, value.length() - 3).trim()) * 1024;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": not a number of kB in '" + line + "'", e);
        }
    }

    private static long pageSize() {
        try {
            return OsMemory.system().pageSize();
        } catch (UnsupportedOperationException | LinkageError e) {
            return 4096;
        }
    }
}
