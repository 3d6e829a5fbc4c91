package org.jmalloc.stress.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident set, from Linux's {@code /proc/self}. On other systems every figure is
 * -1 ("unknown"). It is the whole JVM's RSS: the Java heap and code count too, not only the
 * allocator's pages.
 */
public final class Rss {

    private static final Path STATM = Path.of("/proc/self/statm");
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private Rss() {}

    /**
     * Resident bytes now: {@code /proc/self/statm}'s second field (pages) times the page size.
     *
     * @param pageSize the OS page size
     */
    public static long current(long pageSize) {
        try {
            String[] fields = Files.readString(STATM).trim().split("\\s+");
            return Long.parseLong(fields[1]) * pageSize;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Resets the kernel's peak-RSS mark ({@code VmHWM}) to the current RSS by writing 5 to
     * {@code /proc/self/clear_refs} (Linux 4.0 and later).
     *
     * @return whether it worked; when not, {@link #peak()} is the peak since the JVM started
     */
    public static boolean resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The peak resident bytes ({@code VmHWM} of {@code /proc/self/status}), or -1. */
    public static long peak() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    String[] f = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(f[0]) * 1024; // the kernel writes kB
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
