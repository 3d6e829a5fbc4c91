package org.jmalloc.lab.history;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jmalloc.lab.ExitCode;
import org.jmalloc.results.importer.Format;
import org.jmalloc.results.importer.ImportException;
import org.jmalloc.results.importer.Importers;
import org.jmalloc.results.importer.JmhImporter;
import org.jmalloc.results.importer.OtavaCsv;
import org.jmalloc.results.importer.RunMetadata;
import org.jmalloc.results.model.Params;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.store.AppendResult;
import org.jmalloc.results.store.HistoryException;
import org.jmalloc.results.store.HistoryStore;
import org.jmalloc.results.store.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lab history import FILE...}: result files of JMH, {@code ./lab stress}, or Otava into the history. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        header = "Import result files into the history.",
        description = {
            "Reads JMH JSON (-rf json, every mode), ./lab stress summaries, ./lab gate verdicts (gate.json), or"
                    + " Apache Otava's CSV layout (a time column, a commit column, one column per metric), telling them"
                    + " apart by their content unless"
                    + " --format says. Importing a file twice adds nothing and says so. A file with a bad entry is"
                    + " not imported at all: every problem is listed with its line.",
            "Run facts not in the file come from the options, else from this machine and checkout; a run's time"
                    + " is --time, else the file's modification time (Otava files give each row's own time).",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./lab history import target/bench/20250107-021500.json --kind nightly",
            "  ./lab history import --format otava --benchmark otava.my_test old-otava-series.csv",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file was imported (or already was)",
            "1:a file could not be imported (listed; the others were)", ExitCode.USAGE_LINE,
            ExitCode.CANNOT_RUN_LINE})
public final class HistoryImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    RunOptions run;

    @Option(names = "--format", paramLabel = "FORMAT", description = "jmh, stress, otava or verdict (./lab gate's"
            + " gate.json) (default: detected from the content).")
    String format;

    @Option(names = "--time", paramLabel = "INSTANT", description = "When the run finished, e.g."
            + " 2025-01-07T02:15:00Z (default: the file's modification time).")
    String time;

    @Option(names = "--benchmark", paramLabel = "NAME", description = "Otava: the benchmark the series belong to"
            + " (default: otava.<file name without .csv>).")
    String benchmark;

    @Option(names = "--unit", paramLabel = "UNIT", defaultValue = "", description = "Otava: the unit of every metric"
            + " column, e.g. ns/op (default: none).")
    String unit;

    @Option(names = "--impl", paramLabel = "NAME", defaultValue = JmhImporter.DEFAULT_IMPLEMENTATION,
            description = "Otava: the implementation measured (default: ${DEFAULT-VALUE}).")
    String implementation;

    @Option(names = "--time-column", paramLabel = "NAME", defaultValue = OtavaCsv.TIME,
            description = "Otava: the time column (default: ${DEFAULT-VALUE}).")
    String timeColumn;

    @Option(names = "--attribute", paramLabel = "COLUMN", description = "Otava: a column that is not a metric"
            + " (besides commit and branch); repeatable.")
    Set<String> attributes = Set.of();

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Result files.")
    List<Path> files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Format chosen = null;
        if (format != null) {
            try {
                chosen = Format.parse(format);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--format: " + e.getMessage());
            }
        }
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new ParameterException(spec.commandLine(), file + ": no such file");
            }
        }
        Instant finished = time == null ? null : RunOptions.instant(spec, "--time", time);
        RunMetadata meta = run.metadata(spec, StoreOptions.sourceRoot(), finished, "");
        int exit = 0;
        try (HistoryStore history = store.open(spec)) {
            for (Path file : files) {
                try {
                    byte[] content = Files.readAllBytes(file);
                    Instant modified = Files.getLastModifiedTime(file).toInstant();
                    List<ResultRow> rows = Importers.read(chosen, file.toString(), content, modified, meta,
                            otavaOptions(file));
                    AppendResult result = history.append(rows);
                    out.println(file + ": " + result.message());
                } catch (ImportException e) {
                    for (Problem p : e.problems()) {
                        err.println(p);
                    }
                    err.println(file + ": not imported (" + e.problems().size() + " problems); nothing of it was"
                            + " added");
                    exit = 1;
                } catch (IOException e) {
                    err.println(file + ": cannot read: " + e);
                    exit = 1;
                }
            }
        } catch (HistoryException e) {
            err.println("lab history import: " + e.getMessage());
            exit = 1;
        }
        out.flush();
        err.flush();
        return exit;
    }

    private OtavaCsv.Options otavaOptions(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
        return new OtavaCsv.Options(benchmark != null ? benchmark : "otava." + name, Params.NONE, unit,
                implementation, timeColumn, attributes);
    }
}
