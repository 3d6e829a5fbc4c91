package org.jmalloc.lab.stress;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.concurrent.Callable;
import org.jmalloc.lab.ExitCode;
import org.jmalloc.lab.ResultDirectory;
import org.jmalloc.lab.core.run.CannotRunException;
import org.jmalloc.lab.core.run.RunFiles;
import org.jmalloc.lab.core.run.Workspace;
import org.jmalloc.lab.history.Recorder;
import org.jmalloc.lab.history.RecordOptions;
import org.jmalloc.lab.history.StoreOptions;
import org.jmalloc.results.importer.StressImporter;
import org.jmalloc.stress.StressOptions;
import org.jmalloc.stress.StressResult;
import org.jmalloc.stress.StressRunner;
import org.jmalloc.stress.report.StressJson;
import org.jmalloc.stress.workload.Workload;
import org.jmalloc.stress.workload.Workloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lab stress}: runs the stress workloads of the {@code jmalloc-stress} module against fresh
 * allocators with every integrity check on, shows a live progress line on a terminal, prints the
 * summary table, and for each failed workload the command that replays it.
 */
@Command(
        name = "stress",
        mixinStandardHelpOptions = true,
        header = "Stress workloads with integrity checks, fault injection and a deadlock watchdog.",
        description = {
            "Runs allocation patterns that torture allocators (larson, xmalloc, false sharing, thread churn, "
                    + "bursts of large buffers, fragmentation, memory limits, ...) against a fresh allocator each, "
                    + "checking a cookie in every block, overlap of live blocks, the stats invariants every second, "
                    + "and that everything is freed at the end. Not a benchmark: the checks cost as much as the "
                    + "allocator.",
            "Every run is reproducible from its seed: a failure prints the command that replays it.",
            "Result: target/stress/<timestamp>.json (schema jmalloc-stress-result, see stress/README.md); each"
                    + " workload's figures are also appended to the results history (see ./lab history --help) unless"
                    + " --no-record.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every workload finished with zero violations",
            "1:a violation was found (the output names it and prints the replay command)",
            ExitCode.USAGE_LINE,
            ExitCode.CANNOT_RUN_LINE,
        },
        footerHeading = "%nExample:%n",
        footer = "  ./lab stress --workload larson,xmalloc --duration 10s --seed 42")
public final class StressCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--workload", paramLabel = "NAME", defaultValue = Workloads.ALL,
            description = "A workload, a comma-separated list, or all (default: ${DEFAULT-VALUE}). See --list.")
    String workload;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads per workload, at least 2: the workloads free blocks across threads (default: one"
                    + " per CPU, at least 2).")
    Integer threads;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long each workload runs, e.g. 500ms, 10s, 2m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of every random choice (default: a random seed,"
            + " printed).")
    Long seed;

    @Option(names = "--fault-rate", paramLabel = "R", defaultValue = "0",
            description = "Fraction of the OS layer's map calls that fail, e.g. 0.01 (default: ${DEFAULT-VALUE}).")
    double faultRate;

    @Option(names = "--purge-fault-rate", paramLabel = "R", defaultValue = "0",
            description = "Fraction of the OS layer's purge (madvise) calls that fail (default: ${DEFAULT-VALUE}).")
    double purgeFaultRate;

    @Option(names = "--fail-map-call", paramLabel = "N", defaultValue = "0",
            description = "Make the N-th map call of each workload fail (default: none).")
    long failMapCall;

    @Option(names = "--watchdog", paramLabel = "TIME", defaultValue = "30s", converter = DurationConverter.class,
            description = "Fail a run that makes no progress for this long, with a thread dump"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration watchdog;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the JSON result file goes (default:"
            + " target/stress of the source tree, or target/stress here).")
    Path outDir;

    @Option(names = "--list", description = "List the workloads and what each one does, run nothing.")
    boolean list;

    @Mixin
    RecordOptions recording;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            for (String name : Workloads.names()) {
                Workload w = Workloads.create(name);
                out.printf("%-14s %s%n", name, w.summary());
            }
            out.flush();
            return 0;
        }
        if (threads != null && threads < 2) {
            throw new ParameterException(spec.commandLine(), "invalid --threads " + threads + ": at least 2 (the"
                    + " workloads hand blocks from thread to thread, and one thread would check none of that)");
        }
        StressOptions options;
        try {
            StressOptions.Builder b = StressOptions.builder()
                    .workloads(workload)
                    .duration(duration)
                    .faultRate(faultRate)
                    .purgeFaultRate(purgeFaultRate)
                    .failMapCall(failMapCall)
                    .watchdogTimeout(watchdog)
                    .out(out)
                    .live(System.console() != null && System.console().isTerminal());
            if (threads != null) {
                b.threads(threads);
            }
            if (seed != null) {
                b.seed(seed);
            }
            options = b.build();
            Workloads.select(options.workloads()); // reject unknown names before anything runs
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path dir = resultDir(); // a bad --out is a usage error before anything runs
        RunFiles files = RunFiles.timestamped(dir, LocalDateTime.now());
        Instant started = Instant.now();
        StressResult result = new StressRunner(options).run();
        String json = StressJson.render(options, result, started, StressJson.currentEnvironment());
        Files.writeString(files.json(), json, StandardCharsets.UTF_8);
        out.println("result: " + files.json());
        out.flush();
        boolean recorded = !recording.enabled() || record(files, json);
        return result.passed() && recorded ? ExitCode.OK : ExitCode.PROBLEM;
    }

    /** Appends the run's violation counts to the history, through the importer that reads the result file. */
    private boolean record(RunFiles files, String json) {
        Instant finished = Instant.now();
        return Recorder.record(spec, recording.store(), () -> StressImporter.rows(files.json().toString(),
                json.getBytes(StandardCharsets.UTF_8), finished,
                recording.run().metadata(spec, StoreOptions.sourceRoot(), finished, "")),
                files.json().toString());
    }

    /** --out, or target/stress of the source tree the lab runs from, or target/stress of the working directory. */
    private Path resultDir() {
        Path dir = outDir;
        if (dir == null) {
            try {
                dir = Workspace.locate(Workspace.codeSource(StressCommand.class), Path.of("").toAbsolutePath()).root()
                        .resolve("target/stress");
            } catch (CannotRunException e) {
                dir = Path.of("target/stress");
            }
        }
        return ResultDirectory.create(spec, dir);
    }
}
