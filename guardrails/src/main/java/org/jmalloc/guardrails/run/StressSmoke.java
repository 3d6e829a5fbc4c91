package org.jmalloc.guardrails.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The full gate's stress smoke: every stress workload for a few seconds on each side, through the candidate's lab jar
 * with the side's allocator jar placed before it on the class path (the same shadowing as the benchmarks'
 * {@link Instrument}), so only the allocator differs. Each workload's {@code stress.violations} (integrity checks
 * that failed, from the stress run's JSON result) becomes one deterministic measurement per side; the gate's rule for
 * it allows no increase at all.
 *
 * <p>When the candidate's stress code does not link against the baseline's allocator (an API change), the baseline
 * side has no run; its violations are taken as 0, which is what the rule demands of every candidate anyway, and the
 * result says so in a note.
 */
public final class StressSmoke {

    /** Seconds per workload: long enough for every workload's checks to run, short enough for a gate. */
    public static final int SECONDS = 2;

    /** The measurements of one side, or why the side could not run its stress code. */
    public record Side(List<Measurement> violations, Optional<String> linkage) {
    }

    private final Path labJar;
    private final Path workDir;
    private final long seed;
    private final PrintWriter out;

    /**
     * @param labJar the candidate's {@code lab-cli/target/jmalloc-lab.jar}
     * @param workDir where the stress results and logs go
     */
    public StressSmoke(Path labJar, Path workDir, long seed, PrintWriter out) {
        this.labJar = labJar;
        this.workDir = workDir;
        this.seed = seed;
        this.out = out;
    }

    /** Runs every workload on {@code side}'s allocator. */
    public Side run(Instrument side) throws IOException, InterruptedException {
        if (!Files.isRegularFile(labJar)) {
            throw new IOException("the stress smoke needs the lab jar " + labJar + ", which is missing: build it with"
                    + " mvn -B -DskipTests -pl lab-cli -am package");
        }
        Path dir = workDir.resolve(side.side());
        Files.createDirectories(dir);
        List<String> command = List.of(Processes.java(), "--enable-native-access=ALL-UNNAMED", "-cp",
                side.allocatorJar() + File.pathSeparator + labJar, "org.jmalloc.lab.LabCommand", "stress",
                "--workload", "all", "--duration", SECONDS + "s", "--seed", Long.toString(seed), "--out",
                dir.toString(), "--no-record");
        out.printf(Locale.ROOT, "gate: stress smoke on the %s allocator (every workload, %d s each)%n", side.side(),
                SECONDS);
        out.flush();
        Path log = dir.resolve("stress.log");
        Processes.Result r = Processes.run(dir, command, log, line -> { });
        Optional<String> linkage = LinkCheck.linkageError(r.lines());
        if (linkage.isPresent()) {
            return new Side(List.of(), linkage);
        }
        Path json = r.lines().stream().filter(l -> l.startsWith("result: ")).map(l -> Path.of(l.substring(8).strip()))
                .reduce((a, b) -> b).orElseThrow(() -> new IOException("the " + side.side() + " stress smoke wrote"
                        + " no result (exit " + r.exit() + "; log " + log + "):\n" + WorktreeBuild.tail(r.lines())));
        return new Side(read(json), Optional.empty());
    }

    /** Every workload's violations from a stress result file ({@code jmalloc-stress-result}, schema version 1). */
    static List<Measurement> read(Path json) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json.toFile());
        } catch (IOException e) {
            throw new IOException("the stress result " + json + " is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !"jmalloc-stress-result".equals(root.path("schema").asText())
                || !root.path("workloads").isArray()) {
            throw new IOException("the stress result " + json + " is not a jmalloc-stress-result file with workloads");
        }
        List<Measurement> m = new ArrayList<>();
        for (JsonNode w : root.get("workloads")) {
            String name = w.path("workload").asText();
            JsonNode count = w.get("violationCount");
            if (name.isEmpty() || count == null || !count.isNumber()) {
                throw new IOException("the stress result " + json + " has a workload without a name or violation"
                        + " count: " + w);
            }
            // A stalled workload (its watchdog fired) proved nothing: count it as a violation.
            double violations = count.asDouble() + (w.path("stalled").asBoolean(false) ? 1 : 0);
            m.add(new Measurement("Stress " + name, "stress." + name, "stress.violations", "count", violations));
        }
        return m;
    }
}
