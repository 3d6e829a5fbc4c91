package org.jmalloc.guardrails.run;

import java.util.List;
import java.util.Map;

/**
 * The quick and full gates' settings, chosen from measurements on the project's 2-core machine (README, "How the gate
 * decides"): what they run, how long each fork measures, how many forks, and how each fork's JVM is set up so forks
 * differ as little as possible.
 */
public final class GatePresets {

    /**
     * JVM options of every benchmark fork: native access for the allocator, a fixed heap (no resizing between forks),
     * and the serial collector (no concurrent GC threads competing with the benchmark thread for the two cores).
     */
    public static final List<String> FORK_JVM = List.of("--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g",
            "-XX:+UseSerialGC");

    /**
     * No CPU pinning: with the neighbours' load on both cores, pinning the fork (and its JIT and GC threads) to one
     * CPU measured no less noisy than letting the scheduler place it (README).
     */
    public static final String CPUS = null;

    private GatePresets() {
    }

    /** The quick gate: latency, fragmentation and overhead metrics of jmalloc, 8 to 16 forks per side. */
    public static GateSettings quick(List<String> profilers) {
        return new GateSettings("quick", GateSettings.QUICK_INCLUDE, Map.of("impl", "jmalloc", "size", "00064,01024"),
                3, 100, 5, 100, 8, 4, 16, profilers, FORK_JVM, CPUS);
    }

    /** The full gate: every benchmark of jmalloc, throughput included, with longer forks. */
    public static GateSettings full(List<String> profilers) {
        return new GateSettings("full", "org\\.jmalloc\\.benchmarks\\..*", Map.of("impl", "jmalloc"),
                3, 300, 5, 300, 8, 4, 20, profilers, FORK_JVM, CPUS);
    }
}
