package org.jmalloc.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jmalloc.lab.bench.BenchSettings;
import org.jmalloc.lab.bench.ComparisonTable;
import org.jmalloc.lab.bench.FootprintRun;
import org.jmalloc.lab.bench.JmhLog;
import org.jmalloc.lab.core.jmh.JmhResult;
import org.jmalloc.lab.core.jmh.JmhResults;
import org.jmalloc.lab.bench.RunFailure;
import org.jmalloc.lab.bench.SuiteListing;
import org.jmalloc.lab.bench.Workspace;
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
            "2:invalid command line",
        })
public final class BenchCommand implements Callable<Integer> {

    private static final String DEFAULT_INCLUDE = "org\\.jmalloc\\.benchmarks\\..*";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

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
        BenchSettings settings = length != null && length.full ? BenchSettings.FULL : BenchSettings.QUICK;
        List<String> profilerList = profilers();
        Path benchmarksJar = jar != null ? jar : workspace().benchmarksJar();
        if (jar == null && !dryRun) {
            buildIfStale(out, workspace(), benchmarksJar);
        }
        if (!Files.isRegularFile(benchmarksJar)) {
            throw new ParameterException(spec.commandLine(), benchmarksJar + " does not exist: build it with"
                    + " mvn -DskipTests -pl benchmarks -am package");
        }

        SuiteListing listing = SuiteListing.parse(capture(List.of(java(), nativeAccess(), "-jar",
                benchmarksJar.toString(), include, "-lp")));
        if (listing.benchmarks().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no benchmark matches --include " + include);
        }
        List<String> columns = columns(listing);
        int runs = listing.runs(impls == null ? null : columns);
        SuiteListing footprint = FootprintRun.footprintPart(listing);
        int footprintRuns = footprint.runs(impls == null ? null : columns);
        Duration estimate = settings.estimate(runs - footprintRuns)
                .plusSeconds(FootprintRun.estimateSeconds(footprintRuns, FootprintRun.forks(settings)));

        Path dir = outDir != null ? outDir : (jar != null ? Path.of("target/bench") : workspace().resultsDir());
        String stamp = LocalDateTime.now().format(STAMP);
        Path json = dir.resolve(stamp + ".json");
        Path footprintJson = dir.resolve(stamp + "-footprint.json");
        Path log = dir.resolve(stamp + ".log");
        List<List<String>> commands = new ArrayList<>();
        if (runs > footprintRuns) {
            List<String> command = new ArrayList<>(List.of(java(), nativeAccess(), "-jar", benchmarksJar.toString(),
                    include));
            if (footprintRuns > 0) {
                command.addAll(List.of("-e", FootprintRun.EXCLUDE));
            }
            command.addAll(settings.jmhOptions());
            commands.add(finish(command, columns, profilerList, json));
        }
        if (footprintRuns > 0) {
            // Footprint benchmarks measure one fresh JVM per fork: a run of their own (see FootprintRun).
            List<String> command = new ArrayList<>(List.of(java(), nativeAccess(), "-jar", benchmarksJar.toString(),
                    FootprintRun.include(footprint)));
            command.addAll(FootprintRun.jmhOptions(FootprintRun.forks(settings), profilerList));
            List<String> footprintImpls = columns.stream().filter(footprint.impls()::contains).toList();
            commands.add(finish(command, footprintImpls, List.of(), footprintJson));
        }

        String footprintPart = footprintRuns == 0 ? "" : String.format(Locale.ROOT,
                " (of them %d footprint runs x %d fork%s)", footprintRuns, FootprintRun.forks(settings),
                FootprintRun.forks(settings) == 1 ? "" : "s");
        out.printf(Locale.ROOT, "lab bench --%s: %d runs (benchmark x parameters) x %d forks%s, expected about %d min"
                + " %02d s%n", settings.name(), runs, settings.forks(), footprintPart, estimate.toMinutes(),
                estimate.toSecondsPart());
        commands.forEach(command -> out.println("  " + String.join(" ", command)));
        out.flush();
        if (dryRun) {
            return 0;
        }

        Files.createDirectories(dir);
        int exit = 0;
        for (int i = 0; i < commands.size(); i++) {
            int code = runEchoing(commands.get(i), log, out, i > 0);
            exit = exit != 0 ? exit : code;
        }
        FootprintRun.mergeInto(json, footprintJson);
        List<JmhResult> results = Files.exists(json) ? JmhResults.read(json) : List.of();
        List<RunFailure> failures = JmhLog.failures(Files.readAllLines(log, StandardCharsets.UTF_8));
        if (results.isEmpty() && failures.isEmpty()) {
            err("JMH exited with code " + exit + " and produced no results; its output is in " + log);
            return 1;
        }
        String table = ComparisonTable.render(results, failures, columns);
        Files.writeString(dir.resolve(stamp + ".txt"), table, StandardCharsets.UTF_8);
        out.println();
        out.print(table);
        out.println("results: " + json + " (JMH output: " + log + ")");
        out.flush();
        boolean recorded = !recording.enabled() || results.isEmpty() || record(json);
        if (exit != 0) {
            err("JMH exited with code " + exit + "; its output is in " + log);
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
                        recording.run().metadata(spec, StoreOptions.sourceRoot(), finished, nativeAccess()));
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
        String name = json.getFileName().toString();
        Path log = json.resolveSibling(name.replaceFirst("\\.json$", "") + ".log");
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

    private Workspace workspace() {
        try {
            return Workspace.locate(Workspace.codeSource(BenchCommand.class), Path.of("").toAbsolutePath());
        } catch (IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
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
        Process build = new ProcessBuilder(workspace.buildCommand()).directory(workspace.root().toFile())
                .inheritIO().start();
        int exit = build.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("building the benchmarks failed (mvn exit code " + exit + ")");
        }
    }

    /** The options every JMH run of the command ends with: implementations, profilers, the JSON result file. */
    private List<String> finish(List<String> command, List<String> columns, List<String> profilerList, Path json) {
        if (impls != null) {
            command.addAll(List.of("-p", "impl=" + String.join(",", columns)));
        }
        profilerList.forEach(p -> command.addAll(List.of("-prof", p)));
        command.addAll(List.of("-foe", "false", "-rf", "json", "-rff", json.toString()));
        return command;
    }

    /**
     * Runs {@code command}, writing all its output to {@code log} (appended when {@code append}) and echoing progress
     * and failures.
     */
    private int runEchoing(List<String> command, Path log, PrintWriter out, boolean append)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        java.nio.file.OpenOption[] mode = append
                ? new java.nio.file.OpenOption[] {java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND}
                : new java.nio.file.OpenOption[0];
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8));
                Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8, mode)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                file.write(line);
                file.write('\n');
                if (verbose || shown(line)) {
                    out.println(line);
                    out.flush();
                }
            }
        } finally {
            if (process.isAlive()) {
                process.destroy();
            }
        }
        return process.waitFor();
    }

    private static boolean shown(String line) {
        return line.startsWith("# Benchmark:") || line.startsWith("# Parameters:") || line.startsWith("# Run progress:")
                || line.contains("<failure>") || line.contains("<forked VM failed") || line.startsWith("java.")
                || line.startsWith("Exception") || line.startsWith("Error");
    }

    private static List<String> capture(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            lines = in.lines().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + exit + ":\n"
                    + String.join("\n", lines));
        }
        return lines;
    }

    private void err(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("lab bench: " + message);
        err.flush();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String nativeAccess() {
        return "--enable-native-access=ALL-UNNAMED";
    }
}
