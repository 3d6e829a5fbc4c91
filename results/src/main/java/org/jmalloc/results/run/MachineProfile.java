package org.jmalloc.results.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The machine a run measured on, as the history records it. Runs on machines with the same profile id are one
 * series; a different CPU model, core count, memory size, architecture or OS gives another id.
 *
 * <p>The id is {@code <arch>-<cpus>cpu-<8 hex digits>}, the digits from SHA-256 of
 * {@code arch|cpu model|cpus|memory GiB|os name} (e.g. {@code amd64-2cpu-3f2a9c1d}): readable at a glance, stable
 * across reboots and kernel updates, different for different machines.
 *
 * @param id the profile id
 * @param arch {@code os.arch}
 * @param os {@code os.name} and {@code os.version}
 * @param cpus processors available to the JVM
 * @param cpuModel the CPU's model name ({@code /proc/cpuinfo}), empty when unknown
 * @param memoryGib physical memory rounded to GiB ({@code /proc/meminfo}), 0 when unknown
 */
public record MachineProfile(String id, String arch, String os, int cpus, String cpuModel, long memoryGib) {

    /** The profile of the machine this JVM runs on. */
    public static MachineProfile current() {
        String arch = System.getProperty("os.arch", "");
        String os = System.getProperty("os.name", "") + " " + System.getProperty("os.version", "");
        int cpus = Runtime.getRuntime().availableProcessors();
        String model = firstValue(Path.of("/proc/cpuinfo"), "model name");
        String mem = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        long gib = 0;
        if (mem.endsWith(" kB")) {
            try {
                gib = Math.round(Long.parseLong(mem.substring(0, mem.length() - 3).strip()) / (1024.0 * 1024.0));
            } catch (NumberFormatException e) {
                gib = 0;
            }
        }
        return of(arch, os.strip(), cpus, model, gib);
    }

    /** The profile of a machine with these facts. */
    public static MachineProfile of(String arch, String os, int cpus, String cpuModel, long memoryGib) {
        String osName = os.contains(" ") ? os.substring(0, os.indexOf(' ')) : os;
        String key = String.join("|", arch, cpuModel, Integer.toString(cpus), Long.toString(memoryGib), osName);
        String id = String.format(Locale.ROOT, "%s-%dcpu-%s", arch.isEmpty() ? "unknown" : arch, cpus,
                sha256(key).substring(0, 8));
        return new MachineProfile(id, arch, os, cpus, cpuModel, memoryGib);
    }

    private static String firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
                    return line.substring(colon + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "";
        }
        return "";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
