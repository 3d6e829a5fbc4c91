package org.jmalloc.lab.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code ./lab gate} end to end in a temporary clone of the repository: an unchanged tree passes; a commit that adds
 * real work to the allocator's malloc fast path is rejected with exit 1 and the JUnit XML names the latency metrics;
 * a commit that makes bins hand out regions from the highest-address slab instead of the lowest is rejected on the
 * fragmentation metric (the footprint benchmark alone: its forks differ by a few tenths of a percent, so the gate
 * tests it, and since three forks a side cannot show a change at 99 % it adds footprint forks up to seven). Each case is
 * a branch off the clone's {@code main}, so the gate's default baseline, the
 * merge-base with {@code main}, is the unchanged tree. Runs under {@code -Pgate-e2e} (nightly).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GateEndToEndIT {

    /** The gate's selection for the latency cases: the fast path. */
    private static final String FAST_PATH = "MallocFreeLatencyBenchmark";
    /** The gate's selection for the fragmentation case: three forks a side, then up to seven while undecided. */
    private static final String FRAGMENTATION = "FragmentationFootprintBenchmark";

    private static Path repo;

    @BeforeAll
    static void cloneAndBuild() throws Exception {
        Path root = Path.of(System.getProperty("project.root")).toRealPath();
        Path dir = Files.createTempDirectory("jmalloc-gate-e2e-");
        repo = dir.resolve("repo");
        run(dir, 5, "git", "clone", "--quiet", root.toString(), repo.toString());
        run(repo, 5, "git", "config", "user.email", "gate-e2e@example.invalid");
        run(repo, 5, "git", "config", "user.name", "gate e2e");
        run(repo, 20, "mvn", "-q", "-B", "-o", "-DskipTests", "-pl", "lab-cli,benchmarks", "-am", "package");
    }

    @Test
    @Order(1)
    void anUnchangedTreePasses() throws Exception {
        Result r = gate("main", FAST_PATH, "6,12");
        assertEquals(0, r.exit, "an unchanged tree must pass; output:\n" + r.output);
    }

    @Test
    @Order(2)
    void aHotPathSlowdownIsRejectedAndNamedInTheJUnitXml() throws Exception {
        branch("slow-malloc");
        edit("allocator/src/main/java/org/jmalloc/allocator/Allocator.java",
                "    public long malloc(long size) {\n",
                "    /** Extra dependent work on every malloc: the end-to-end test's hot-path slowdown. */\n"
                        + "    private static long slowdown = 1;\n\n"
                        + "    public long malloc(long size) {\n"
                        + "        long s = slowdown;\n"
                        + "        for (int i = 0; i < 24; i++) {\n"
                        + "            s = s * 0x9E3779B97F4A7C15L + size;\n"
                        + "        }\n"
                        + "        slowdown = s;\n");
        commit("Allocator.malloc does 24 dependent multiply-adds first");
        Result r = gate("slow-malloc", FAST_PATH, "6,12");
        assertEquals(1, r.exit, "the slowdown must be rejected; output:\n" + r.output);
        String junit = Files.readString(r.reports.resolve("gate-junit.xml"), StandardCharsets.UTF_8);
        assertTrue(junit.contains("<failure type=\"REGRESSION\" message=\"latency.min.cpu of MallocFreeLatency"),
                "the JUnit XML names the regressed latency metric:\n" + junit);
    }

    @Test
    @Order(3)
    void fillingSlabsFromTheHighestAddressIsRejectedOnFragmentation() throws Exception {
        Assumptions.assumeTrue(Files.exists(repo.resolve("benchmarks/src/main/java/org/jmalloc/benchmarks/footprint"
                + "/FragmentationFootprintBenchmark.java")), "this tree has no fragmentation benchmark");
        branch("highest-slab");
        edit("allocator/src/main/java/org/jmalloc/allocator/extent/AddressTree.java",
                "    /** The lowest-address extent, or null. */\n",
                "    /** The highest-address extent, or null. */\n"
                        + "    public Extent last() {\n"
                        + "        Extent node = root;\n"
                        + "        if (node == null) {\n"
                        + "            return null;\n"
                        + "        }\n"
                        + "        while (node.right != null) {\n"
                        + "            node = node.right;\n"
                        + "        }\n"
                        + "        return node;\n"
                        + "    }\n\n"
                        + "    /** The lowest-address extent, or null. */\n");
        Path bin = repo.resolve("allocator/src/main/java/org/jmalloc/allocator/slab/Bin.java");
        String text = Files.readString(bin);
        assertTrue(text.contains("nonFull.first()"), "Bin no longer picks slabs with nonFull.first(): update the"
                + " mutation of this test");
        Files.writeString(bin, text.replace("nonFull.first()", "nonFull.last()"));
        commit("Bins fill the highest-address non-full slab first");
        Result r = gate("highest-slab", FRAGMENTATION, "3,7");
        assertEquals(1, r.exit, "more fragmentation must be rejected; output:\n" + r.output);
        String junit = Files.readString(r.reports.resolve("gate-junit.xml"), StandardCharsets.UTF_8);
        assertTrue(junit.contains("message=\"footprint.rss_over_live of FragmentationFootprint"),
                "the JUnit XML names the fragmentation metric:\n" + junit);
    }

    private record Result(int exit, String output, Path reports) {
    }

    private static Result gate(String branch, String include, String rounds) throws Exception {
        Path reports = repo.resolve("target/e2e-" + branch);
        Path log = repo.resolve("target/e2e-" + branch + ".log");
        Files.createDirectories(reports);
        int exit = run(repo, 40, log, "./lab", "gate", "--quick", "--rounds", rounds, "--include", include,
                "--out", reports.toString(), "--no-record");
        return new Result(exit, tail(log), reports);
    }

    private static void branch(String name) throws Exception {
        run(repo, 5, "git", "checkout", "--quiet", "-B", name, "main");
    }

    private static void edit(String file, String anchor, String replacement) throws IOException {
        Path path = repo.resolve(file);
        String text = Files.readString(path);
        assertTrue(text.contains(anchor), file + " no longer contains '" + anchor.strip() + "': update the mutation of"
                + " this test");
        Files.writeString(path, text.replace(anchor, replacement));
    }

    private static void commit(String message) throws Exception {
        run(repo, 5, "git", "commit", "--quiet", "-am", message);
    }

    private static int run(Path dir, int minutes, String... command) throws Exception {
        Path log = Files.createTempFile("gate-e2e-", ".log");
        int exit = run(dir, minutes, log, command);
        assertEquals(0, exit, String.join(" ", command) + " failed:\n" + tail(log));
        return exit;
    }

    private static int run(Path dir, int minutes, Path log, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " took over " + minutes + " min:\n" + tail(log));
        }
        return p.exitValue();
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
