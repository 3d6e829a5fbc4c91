package org.jmalloc.lab.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.jmalloc.lab.ExitCode;
import org.jmalloc.lab.ResultDirectory;
import org.jmalloc.lab.core.jmh.JmhResult;
import org.jmalloc.lab.core.jmh.JmhResults;
import org.jmalloc.lab.core.run.JmhLog;
import org.jmalloc.lab.core.run.JmhOutcome;
import org.jmalloc.lab.core.run.JmhRequest;
import org.jmalloc.lab.core.run.JmhRunner;
import org.jmalloc.lab.core.run.RunFailure;
import org.jmalloc.lab.core.run.RunFiles;
import org.jmalloc.lab.core.run.SuiteListing;
import org.jmalloc.lab.core.run.Workspace;
import org.jmalloc.lab.history.Recorder;
import org.jmalloc.lab.history.RecordOptions;
import org.jmalloc.lab.history.StoreOptions;
import org.jmalloc.results.importer.JmhImporter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lab bench}: runs the JMH suite in {@code benchmarks/target/benchmarks.jar} as a subprocess (rebuilding the
 * jar first when it is missing or older than its sources), writes JMH's JSON results and full output under
 * {@code target/bench/}, and prints the comparison table of {@link ComparisonTable}.
 *
 * <p>JMH holds a machine-wide lock while it runs, so a second {@code lab bench} started meanwhile fails at once
 * instead of disturbing the measurement. With {@code --report} the command renders the table of an earlier run
 * without running anything.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the JMH benchmarks of jmalloc against glibc, jemalloc, mimalloc, tcmalloc and Netty in one run,"
                    + " and prints each workload's score per implementation with jmalloc's ratio to the best native"
                    + " allocator.",
            "Results: target/bench/<timestamp>.json (JMH JSON), .log (JMH's output), .txt (the table); every"
                    + " figure is also appended to the results history (see ./lab history --help) unless"
                    + " --no-record.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the table was printed and every jmalloc run produced a result",
            "1:JMH failed, produced no results, a jmalloc run failed (the table and log say which), or the results"
                    + " could not be recorded in the history",
            ExitCode.USAGE_LINE,
            ExitCode.CANNOT_RUN_LINE,
        },
        footerHeading = "%nExample:%n",
        footer = "  ./lab bench --include MallocFreeLatency --impl jmalloc,tcmalloc   one workload against tcmalloc")
public final class BenchCommand implements Callable<Integer> {

    private static final String DEFAULT_INCLUDE = "org\\.jmalloc\\.benchmarks\\..*";

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true)
    Length length;

    /** --quick and --full exclude each other. */
    static final class Length {
        @Option(names = "--quick", description = "Short iterations, 2 forks: the whole suite in under 15 minutes"
                + " on 2 cores (the default).")
        boolean quick;

        @Option(names = "--full", description = "The benchmarks' own settings: 2 forks, 3 x 1 s warmup, 5 x 1 s"
                + " measurement (about an hour for the whole suite).")
        boolean full;
    }

    @Option(names = "--include", paramLabel = "REGEX", defaultValue = DEFAULT_INCLUDE,
            description = "Run the benchmarks whose full name matches (JMH's filter; default: all).")
    String include;

    @Option(names = "--impl", paramLabel = "LIST", split = ",",
            description = "Only these implementations, e.g. jmalloc,glibc,jemalloc (default: all).")
    List<String> impls;

    @Option(names = "--prof", paramLabel = "PROFILER",
            description = "A JMH profiler to add; repeatable (default: gc, which reports gc.alloc.rate.norm;"
                    + " 'none' for no profiler).")
    List<String> profilers;

    @Option(names = "--jar", paramLabel = "FILE", description = "The benchmarks jar (default:"
            + " benchmarks/target/benchmarks.jar of the source tree).")
    Path jar;

    @Option(names = "--out", paramLabel = "DIR", description = "Where result files go (default: target/bench).")
    Path outDir;

    @Option(names = "--no-build", description = "Use the benchmarks jar as it is, even when older than the sources.")
    boolean noBuild;

    @Option(names = "--dry-run", description = "Print the JMH command and the expected time, run nothing.")
    boolean dryRun;

    @Option(names = "--report", paramLabel = "JSON",
            description = "Print the table of an earlier run's JSON file (and its .log beside it), run nothing.")
    Path report;

    @Option(names = "--verbose", description = "Echo all of JMH's output, not only progress and failures.")
    boolean verbose;

    @Mixin
    RecordOptions recording;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (report != null) {
            return printReport(out, report, impls);
        }
        checkInclude();
        List<String> profilerList = profilers();
        Path dir = outDir != null ? outDir : (jar != null ? Path.of("target/bench") : workspace().resultsDir());
        if (!dryRun) {
            ResultDirectory.create(spec, dir); // before an hour of benchmarks, not after
        }
        BenchSettings settings = length != null && length.full ? BenchSettings.FULL : BenchSettings.QUICK;
        Path benchmarksJar = jar != null ? jar : workspace().benchmarksJar();
        if (jar == null && !dryRun) {
            buildIfStale(out, workspace(), benchmarksJar);
        }
        if (!Files.isRegularFile(benchmarksJar)) {
            throw new ParameterException(spec.commandLine(), benchmarksJar + " does not exist: build it with"
                    + " mvn -DskipTests -pl benchmarks -am package");
        }

        JmhRunner runner = JmhRunner.withCurrentJava(line -> {
            out.println(line);
            out.flush();
        });
        SuiteListing listing = runner.list(benchmarksJar, List.of(include));
        if (listing.benchmarks().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no benchmark matches --include " + include);
        }
        List<String> columns = columns(listing);
        int runs = listing.runs(impls == null ? null : columns);
        SuiteListing footprint = FootprintRun.footprintPart(listing);
        int footprintRuns = footprint.runs(impls == null ? null : columns);
        Duration estimate = settings.estimate(runs - footprintRuns)
                .plusSeconds(FootprintRun.estimateSeconds(footprintRuns, FootprintRun.forks(settings)));

        RunFiles files = RunFiles.timestamped(dir, LocalDateTime.now());
        RunFiles footprintFiles = new RunFiles(dir, files.stem() + "-footprint");
        List<JmhRequest> requests = new ArrayList<>();
        if (runs > footprintRuns) {
            List<String> args = new ArrayList<>(List.of(include));
            if (footprintRuns > 0) {
                args.addAll(List.of("-e", FootprintRun.EXCLUDE));
            }
            args.addAll(settings.jmhOptions());
            requests.add(JmhRequest.of(benchmarksJar, finish(args, columns, profilerList), files)
                    .withEchoAll(verbose));
        }
        if (footprintRuns > 0) {
            // Footprint benchmarks measure one fresh JVM per fork: a run of their own (see FootprintRun).
            List<String> args = new ArrayList<>(List.of(FootprintRun.include(footprint)));
            args.addAll(FootprintRun.jmhOptions(FootprintRun.forks(settings), profilerList));
            List<String> footprintImpls = columns.stream().filter(footprint.impls()::contains).toList();
            requests.add(JmhRequest.of(benchmarksJar, finish(args, footprintImpls, List.of()), footprintFiles)
                    .withEchoAll(verbose));
        }

        String footprintPart = footprintRuns == 0 ? "" : String.format(Locale.ROOT,
                " (of them %d footprint runs x %d fork%s)", footprintRuns, FootprintRun.forks(settings),
                FootprintRun.forks(settings) == 1 ? "" : "s");
        out.printf(Locale.ROOT, "lab bench --%s: %d runs (benchmark x parameters) x %d forks%s, expected about %d min"
                + " %02d s%n", settings.name(), runs, settings.forks(), footprintPart, estimate.toMinutes(),
                estimate.toSecondsPart());
        requests.forEach(request -> out.println("  " + String.join(" ", runner.command(request))));
        out.flush();
        if (dryRun) {
            return 0;
        }

        int exit = 0;
        String problem = null;
        List<RunFailure> failures = new ArrayList<>();
        for (JmhRequest request : requests) {
            JmhOutcome outcome = runner.run(request);
            exit = exit != 0 ? exit : outcome.exitCode();
            problem = problem != null ? problem : outcome.problem().orElse(null);
            failures.addAll(outcome.failures());
        }
        Path json = files.json();
        FootprintRun.mergeInto(json, footprintFiles.json());
        List<JmhResult> results = Files.exists(json) ? JmhResults.read(json) : List.of();
        String logs = requests.stream().map(r -> r.files().log().toString()).collect(Collectors.joining(", "));
        if (results.isEmpty() && failures.isEmpty()) {
            err("JMH produced no results: " + (problem != null ? problem : "JMH exited with code " + exit)
                    + " (JMH's output: " + logs + ")");
            return 1;
        }
        String table = ComparisonTable.render(results, failures, columns);
        Files.writeString(files.text(), table, StandardCharsets.UTF_8);
        out.println();
        out.print(table);
        out.println("results: " + json + " (JMH output: " + logs + ")");
        out.flush();
        boolean recorded = !recording.enabled() || results.isEmpty() || record(json);
        if (exit != 0) {
            err((problem != null ? problem : "JMH exited with code " + exit) + " (JMH's output: " + logs + ")");
            return 1;
        }
        return jmallocFailed(failures) || !recorded ? 1 : 0;
    }

    /** Appends the run's results to the history (the run's time is now: it just finished). */
    private boolean record(Path json) {
        Instant finished = Instant.now();
        return Recorder.record(spec, recording.store(), () -> {
            try {
                return JmhImporter.rows(json.toString(), Files.readAllBytes(json), finished,
                        recording.run().metadata(spec, StoreOptions.sourceRoot(), finished,
                                String.join(" ", JmhRequest.DEFAULT_HOST_OPTIONS)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, json.toString());
    }

    private int printReport(PrintWriter out, Path json, List<String> only) throws IOException {
        if (!Files.isRegularFile(json)) {
            throw new ParameterException(spec.commandLine(), "--report " + json + ": no such file");
        }
        List<JmhResult> results;
        try {
            results = JmhResults.read(json);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--report " + e.getMessage());
        }
        Path log = RunFiles.ofJson(json).log();
        List<RunFailure> failures = Files.isRegularFile(log)
                ? JmhLog.failures(Files.readAllLines(log, StandardCharsets.UTF_8)) : List.of();
        List<String> columns = only;
        if (columns == null) {
            Set<String> seen = new LinkedHashSet<>();
            results.forEach(r -> seen.add(r.params().get("impl")));
            failures.forEach(f -> seen.add(f.params().get("impl")));
            seen.remove(null);
            columns = List.copyOf(seen);
        }
        out.print(ComparisonTable.render(results, failures, columns));
        out.flush();
        return jmallocFailed(failures) ? 1 : 0;
    }

    /** JMH reads --include as a Java regular expression: reject one that does not compile before starting JMH. */
    private void checkInclude() {
        try {
            Pattern.compile(include);
        } catch (PatternSyntaxException e) {
            throw new ParameterException(spec.commandLine(), "invalid --include '" + include + "': not a regular"
                    + " expression (" + e.getDescription() + " at index " + e.getIndex() + "); e.g. --include"
                    + " MallocFreeLatency or --include 'CrossThread|Larson'");
        }
    }

    private static boolean jmallocFailed(List<RunFailure> failures) {
        return failures.stream().map(f -> f.params().get("impl"))
                .anyMatch(impl -> impl != null && impl.startsWith(ComparisonTable.JMALLOC));
    }

    /** The implementations to show: --impl as given (checked against the suite), or every one the suite has. */
    private List<String> columns(SuiteListing listing) {
        List<String> known = listing.impls();
        if (impls == null) {
            return known;
        }
        for (String impl : impls) {
            if (!known.contains(impl)) {
                throw new ParameterException(spec.commandLine(), "unknown --impl '" + impl + "': the benchmarks"
                        + " have " + String.join(", ", known));
            }
        }
        return List.copyOf(new LinkedHashSet<>(impls));
    }

    private List<String> profilers() {
        if (profilers == null) {
            return List.of("gc");
        }
        if (profilers.contains("none")) {
            if (profilers.size() > 1) {
                throw new ParameterException(spec.commandLine(), "--prof none cannot be combined with other"
                        + " profilers: " + profilers);
            }
            return List.of();
        }
        return List.copyOf(profilers);
    }

    private static Workspace workspace() {
        return Workspace.locate(Workspace.codeSource(BenchCommand.class), Path.of("").toAbsolutePath());
    }

    private void buildIfStale(PrintWriter out, Workspace workspace, Path benchmarksJar)
            throws IOException, InterruptedException {
        if (!workspace.isStale(benchmarksJar)) {
            return;
        }
        if (noBuild) {
            if (Files.isRegularFile(benchmarksJar)) {
                err("warning: " + benchmarksJar + " is older than its sources; running it as it is (--no-build)");
            }
            return;
        }
        out.println("building " + benchmarksJar + ": " + String.join(" ", workspace.buildCommand()));
        out.flush();
        workspace.build();
    }

    /** The options every JMH run of the command ends with: implementations and profilers (the runner adds -rf). */
    private List<String> finish(List<String> args, List<String> columns, List<String> profilerList) {
        if (impls != null) {
            args.addAll(List.of("-p", "impl=" + String.join(",", columns)));
        }
        profilerList.forEach(p -> args.addAll(List.of("-prof", p)));
        args.addAll(List.of("-foe", "false"));
        return args;
    }

    private void err(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("lab bench: " + message);
        err.flush();
    }
}
