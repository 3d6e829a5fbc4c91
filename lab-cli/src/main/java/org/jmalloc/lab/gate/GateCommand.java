package org.jmalloc.lab.gate;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.zip.ZipFile;
import org.jmalloc.guardrails.config.Thresholds;
import org.jmalloc.guardrails.report.JUnitReport;
import org.jmalloc.guardrails.report.JsonReport;
import org.jmalloc.guardrails.report.MarkdownReport;
import org.jmalloc.guardrails.run.Gate;
import org.jmalloc.guardrails.run.GateLock;
import org.jmalloc.guardrails.run.GatePresets;
import org.jmalloc.guardrails.run.GateSettings;
import org.jmalloc.guardrails.run.Revision;
import org.jmalloc.guardrails.verdict.GateResult;
import org.jmalloc.lab.core.run.Workspace;
import org.jmalloc.lab.history.RecordOptions;
import org.jmalloc.lab.history.Recorder;
import org.jmalloc.results.importer.JmhImporter;
import org.jmalloc.results.importer.RunMetadata;
import org.jmalloc.results.importer.VerdictImporter;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.RunKind;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lab gate}: compares the working tree (the candidate) with a baseline revision on the guarded metrics and
 * exits 0 (pass), 1 (regression) or 2 (inconclusive at the fork budget, or the gate could not run).
 */
@Command(
        name = "gate",
        mixinStandardHelpOptions = true,
        description = {
            "Rejects a change that regresses a guarded metric beyond its threshold (guardrails/guardrails.yaml):"
                    + " builds the baseline in a temporary worktree, runs the candidate's benchmarks against both"
                    + " allocator builds in interleaved forks, and decides per metric with a rank test and a"
                    + " bootstrap interval.",
            "Writes target/gate/gate.txt (console table), gate.md (pull-request summary), gate-junit.xml and"
                    + " gate.json.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every guarded metric passed",
            "1:a guarded metric regressed",
            "2:a metric stayed inconclusive at the fork budget (fails closed), or the gate could not run",
        })
public final class GateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--baseline", paramLabel = "REV", description = "The revision to compare with (default: the"
            + " merge-base with main; HEAD when the tree has uncommitted changes).")
    String baseline;

    @ArgGroup(exclusive = true)
    Length length;

    /** --quick and --full exclude each other. */
    static final class Length {
        @Option(names = "--quick", description = "Latency, fragmentation and overhead (the default; under 15 min).")
        boolean quick;

        @Option(names = "--full", description = "Every benchmark, throughput included (about an hour).")
        boolean full;
    }

    @Option(names = "--include", paramLabel = "REGEX", description = "Only the benchmarks whose JMH name matches"
            + " (within the gate's selection).")
    String include;

    @Option(names = "--rounds", paramLabel = "N[,MAX]", split = ",", description = "Initial rounds (forks per side)"
            + " and the budget (default: 8,16 quick; 8,20 full).")
    List<Integer> rounds;

    @Option(names = "--thresholds", paramLabel = "FILE", description = "The thresholds file (default:"
            + " guardrails/guardrails.yaml of the tree).")
    Path thresholdsFile;

    @Option(names = "--seed", defaultValue = "20261201", description = "Seed of the fork order and the bootstrap"
            + " (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Where reports and logs go (default: target/gate).")
    Path outDir;

    @Mixin
    RecordOptions recording;

    /** The revisions of the last run, for the history rows. */
    private Revision lastBaseline;
    private Revision lastCandidate;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        try {
            Workspace ws = Workspace.locate(Workspace.codeSource(GateCommand.class), Path.of("").toAbsolutePath());
            GateResult result = run(ws.root(), out, started);
            Path dir = outDir != null ? outDir : Gate.defaultWorkDir(ws.root());
            write(result, dir, out);
            if (recording != null && recording.enabled()) {
                record(ws.root(), dir);
            }
            return result.outcome().exitCode();
        } catch (IOException | RuntimeException e) {
            err(e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err("interrupted");
            return 2;
        }
    }

    /** Builds what is stale, takes the benchmark lock and runs the gate. */
    GateResult run(Path root, PrintWriter out, long started) throws IOException, InterruptedException {
        Thresholds thresholds = thresholds(root);
        buildCandidate(root, out);
        GateSettings settings = settings(root);
        Path work = outDir != null ? outDir : Gate.defaultWorkDir(root);
        try (GateLock lock = GateLock.acquire(GateLock.DEFAULT, out)) {
            Revision base = Revision.baseline(root, baseline);
            lastBaseline = base;
            lastCandidate = Revision.candidate(root);
            out.println("gate " + settings.name() + ": baseline " + base.label() + ", candidate "
                    + Revision.candidate(root).label());
            out.flush();
            return new Gate(root, settings, thresholds, seed, work, out).run(base, started);
        }
    }

    Thresholds thresholds(Path root) {
        if (thresholdsFile != null) {
            return Thresholds.read(thresholdsFile);
        }
        Path file = root.resolve("guardrails/guardrails.yaml");
        return Files.isRegularFile(file) ? Thresholds.read(file) : Thresholds.builtIn();
    }

    GateSettings settings(Path root) throws IOException {
        List<String> profilers = new ArrayList<>(List.of("gc"));
        try (ZipFile jar = new ZipFile(root.resolve("benchmarks/target/benchmarks.jar").toFile())) {
            for (String profiler : List.of(GateSettings.CPU_PROFILER, GateSettings.FOOTPRINT_PROFILER,
                    GateSettings.WORK_PROFILER)) {
                if (jar.getEntry(profiler.replace('.', '/') + ".class") != null) {
                    profilers.add(profiler);
                }
            }
        }
        GateSettings s = length != null && length.full ? GatePresets.full(profilers) : GatePresets.quick(profilers);
        if (include != null) {
            s = s.withInclude("^(?=" + s.include() + ").*(" + include + ")");
        }
        if (rounds != null) {
            int initial = rounds.getFirst();
            int max = rounds.size() > 1 ? rounds.get(1) : Math.max(initial, s.maxRounds());
            s = s.withRounds(initial, s.stepRounds(), max);
        }
        return s;
    }

    static void buildCandidate(Path root, PrintWriter out) throws IOException, InterruptedException {
        Workspace ws = new Workspace(root);
        if (!ws.isStale(ws.benchmarksJar())) {
            return;
        }
        out.println("gate: building the candidate: " + String.join(" ", ws.buildCommand()));
        out.flush();
        Process build = new ProcessBuilder(ws.buildCommand()).directory(root.toFile()).inheritIO().start();
        int exit = build.waitFor();
        if (exit != 0) {
            throw new IOException("building the candidate failed (mvn exit " + exit + ")");
        }
    }

    /**
     * Appends the gate to the history, run kind {@code gate} (unless {@code --kind} says otherwise): every fork's JMH
     * results, each under the commit its side measured (the baseline's forks under the baseline commit, the
     * candidate's under the candidate's), and the verdict file {@code gate.json} (schema
     * {@code jmalloc-gate-verdict/1}) as the baseline's and the candidate's medians with their fork samples and one
     * verdict row per guarded metric, which the report's table of gate runs reads.
     */
    private void record(Path root, Path dir) {
        Path forks = dir.resolve("forks");
        Path verdict = dir.resolve("gate.json");
        java.time.Instant finished = java.time.Instant.now();
        Recorder.record(spec, recording.store(), () -> {
            RunMetadata meta = recording.run().metadata(spec, root, finished, String.join(" ", GatePresets.FORK_JVM));
            if (meta.kind() == RunKind.LOCAL) {
                meta = new RunMetadata(meta.time(), meta.commit(), meta.branch(), RunKind.GATE, meta.hardwareProfile(),
                        meta.arch(), meta.os(), meta.cpus(), meta.jdk(), meta.jvmFlags());
            }
            try {
                return historyRows(forks, verdict, finished, meta, lastBaseline.commit(), lastCandidate.commit());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, verdict + " " + forks.resolve("*.json"));
    }

    /**
     * The history rows of a gate's output: each fork file of {@code forks} ({@code *-baseline*.json} under the
     * baseline commit, the others under the candidate's) and the verdict file, when they exist.
     */
    static List<ResultRow> historyRows(Path forks, Path verdict, java.time.Instant finished, RunMetadata meta,
            String baselineCommit, String candidateCommit) throws IOException {
        List<ResultRow> rows = new ArrayList<>();
        if (Files.isDirectory(forks)) {
            List<Path> files;
            try (java.util.stream.Stream<Path> list = Files.list(forks)) {
                files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            }
            for (Path f : files) {
                boolean base = f.getFileName().toString().contains("-baseline");
                rows.addAll(JmhImporter.rows(f.toString(), Files.readAllBytes(f), finished,
                        meta.withCommit(base ? baselineCommit : candidateCommit, meta.branch())));
            }
        }
        if (Files.isRegularFile(verdict)) {
            rows.addAll(VerdictImporter.rows(verdict.toString(), Files.readAllBytes(verdict), finished, meta));
        }
        return rows;
    }

    static void write(GateResult r, Path dir, PrintWriter out) throws IOException {
        Files.createDirectories(dir);
        String console = ConsoleReport.render(r);
        Files.writeString(dir.resolve("gate.txt"), console, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("gate.md"), MarkdownReport.render(r), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("gate-junit.xml"), JUnitReport.render(r), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("gate.json"), JsonReport.render(r), StandardCharsets.UTF_8);
        int charts = GateCharts.write(r, dir).size();
        out.println();
        out.print(console);
        out.println("reports: " + dir.resolve("gate.md") + ", " + dir.resolve("gate-junit.xml") + ", "
                + dir.resolve("gate.json") + (charts == 0 ? "" : ", " + charts + " comparison charts (PNG and SVG) in "
                        + dir.resolve("charts")));
        out.flush();
    }

    private void err(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("lab gate: " + message);
        err.flush();
    }
}
