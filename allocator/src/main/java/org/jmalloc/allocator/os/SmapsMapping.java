package org.jmalloc.allocator.os;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One mapping (VMA) of the process as {@code /proc/self/smaps} reports it: how the kernel treats a
 * range the allocator mapped, including its transparent-huge-page state. Tests use it to check that
 * {@code MADV_HUGEPAGE} / {@code MADV_NOHUGEPAGE} reached the kernel: an advised range becomes a VMA
 * of its own whose {@code VmFlags} carry {@code hg} (huge pages wanted) or {@code nh} (never).
 *
 * <p>Reading walks every mapping of the process (a few milliseconds in a JVM): a diagnostic, not a
 * hot path.
 *
 * @param start first address of the mapping
 * @param end address one past its last byte
 * @param rss resident bytes
 * @param anonHugePages resident bytes in transparent huge pages
 * @param thpEligible the kernel's {@code THPeligible} answer (false when it does not report one)
 * @param vmFlags the two-letter {@code VmFlags} codes, e.g. {@code rd wr mr mw me ac hg}
 */
public record SmapsMapping(long start, long end, long rss, long anonHugePages, boolean thpEligible,
                           Set<String> vmFlags) {

    private static final Path SMAPS = Path.of("/proc/self/smaps");

    public SmapsMapping {
        vmFlags = Set.copyOf(vmFlags);
    }

    /** Whether the kernel reports huge pages advised for this mapping ({@code MADV_HUGEPAGE}). */
    public boolean hugePagesAdvised() {
        return vmFlags.contains("hg");
    }

    /** Whether the kernel reports huge pages refused for this mapping ({@code MADV_NOHUGEPAGE}). */
    public boolean hugePagesRefused() {
        return vmFlags.contains("nh");
    }

    /**
     * The mapping that holds {@code address}, or empty when none does.
     *
     * @throws UnsupportedOperationException when there is no {@code /proc/self/smaps} (not Linux)
     * @throws UncheckedIOException when it cannot be read
     */
    public static Optional<SmapsMapping> containing(long address) {
        if (!Files.isReadable(SMAPS)) {
            throw new UnsupportedOperationException("/proc/self/smaps is not readable on this system ("
                    + System.getProperty("os.name") + ")");
        }
        try {
            return find(Files.readAllLines(SMAPS), address);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SMAPS, e);
        }
    }

    /**
     * The entry holding {@code address} in smaps text: a header line {@code start-end perms ...}
     * (hexadecimal addresses) followed by {@code Key: value} lines up to the next header.
     */
    static Optional<SmapsMapping> find(List<String> lines, long address) {
        for (int i = 0; i < lines.size(); i++) {
            long[] range = header(lines.get(i));
            if (range == null || Long.compareUnsigned(address, range[0]) < 0
                    || Long.compareUnsigned(address, range[1]) >= 0) {
                continue;
            }
            long rss = 0;
            long huge = 0;
            boolean eligible = false;
            Set<String> flags = Set.of();
            for (int j = i + 1; j < lines.size() && header(lines.get(j)) == null; j++) {
                String line = lines.get(j);
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String key = line.substring(0, colon);
                String value = line.substring(colon + 1).trim();
                switch (key) {
                    case "Rss" -> rss = ProcessFootprint.kiloBytes(line, colon, SMAPS.toString());
                    case "AnonHugePages" -> huge = ProcessFootprint.kiloBytes(line, colon, SMAPS.toString());
                    case "THPeligible" -> eligible = value.equals("1");
                    case "VmFlags" -> flags = value.isEmpty() ? Set.of() : Set.of(value.split("\\s+"));
                    default -> {
                    }
                }
            }
            return Optional.of(new SmapsMapping(range[0], range[1], rss, huge, eligible, flags));
        }
        return Optional.empty();
    }

    /** {@code [start, end]} of a header line, or null when the line is a {@code Key: value} line. */
    private static long[] header(String line) {
        int dash = line.indexOf('-');
        int space = line.indexOf(' ');
        int colon = line.indexOf(':');
        if (dash <= 0 || space <= dash || (colon >= 0 && colon < space)) {
            return null;
        }
        try {
            return new long[] {Long.parseUnsignedLong(line, 0, dash, 16),
                Long.parseUnsignedLong(line, dash + 1, space, 16)};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
