package org.jmalloc.guardrails.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Content hashes of the benchmark code, for the fallback comparison of two revisions' own benchmarks. A benchmark
 * class's hash covers its own source, the other non-benchmark sources of its package (base classes) and the shared
 * harness (every source outside the {@code latency}, {@code throughput} and {@code footprint} packages): if any of
 * them differs, the two revisions do not measure the same thing.
 */
final class BenchmarkCode {

    private static final String SOURCES = "benchmarks/src/main/java/org/jmalloc/benchmarks";
    private static final List<String> BENCHMARK_PACKAGES = List.of("latency", "throughput", "footprint");

    private BenchmarkCode() {
    }

    /** The outcome of comparing two trees' benchmark code. */
    record Comparison(Map<String, String> baseline, Map<String, String> candidate) {

        /** Benchmark classes (e.g. {@code latency.MallocFreeLatencyBenchmark}) in both trees with equal hashes. */
        List<String> unchanged() {
            return candidate.keySet().stream().filter(k -> candidate.get(k).equals(baseline.get(k))).toList();
        }

        List<String> changed() {
            return candidate.keySet().stream().filter(k -> baseline.containsKey(k)
                    && !candidate.get(k).equals(baseline.get(k))).toList();
        }

        List<String> added() {
            return candidate.keySet().stream().filter(k -> !baseline.containsKey(k)).toList();
        }

        String hashes(String name) {
            return "content hash " + baseline.get(name).substring(0, 8) + " -> " + candidate.get(name).substring(0, 8);
        }

        /** The plan restricted to benchmark classes whose code is unchanged. */
        GateSettings unchangedOnly(GateSettings plan) {
            List<String> names = unchanged().stream().map(n -> Pattern.quote("org.jmalloc.benchmarks." + n + "."))
                    .toList();
            String only = names.isEmpty() ? "^$" : "^(?=" + plan.include() + ")(" + String.join("|", names) + ")";
            return plan.withInclude(only);
        }
    }

    static Comparison compare(Path baselineRoot, Path candidateRoot) throws IOException {
        return new Comparison(hashes(baselineRoot), hashes(candidateRoot));
    }

    /** Hash per benchmark class of the tree at {@code root}. */
    static Map<String, String> hashes(Path root) throws IOException {
        Path dir = root.resolve(SOURCES);
        Map<String, String> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> shared = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !BENCHMARK_PACKAGES.contains(dir.relativize(p).getName(0).toString()))
                    .sorted().forEach(shared::add);
        }
        for (String pkg : BENCHMARK_PACKAGES) {
            Path pkgDir = dir.resolve(pkg);
            if (!Files.isDirectory(pkgDir)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> list = Files.list(pkgDir)) {
                files = list.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            }
            List<Path> bases = files.stream().filter(p -> !p.getFileName().toString().endsWith("Benchmark.java"))
                    .toList();
            for (Path f : files) {
                String file = f.getFileName().toString();
                if (file.endsWith("Benchmark.java")) {
                    List<Path> parts = new ArrayList<>(List.of(f));
                    parts.addAll(bases);
                    parts.addAll(shared);
                    out.put(pkg + "." + file.substring(0, file.length() - ".java".length()), sha256(dir, parts));
                }
            }
        }
        return out;
    }

    private static String sha256(Path base, List<Path> files) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                digest.update(base.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Files.readAllBytes(f));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
