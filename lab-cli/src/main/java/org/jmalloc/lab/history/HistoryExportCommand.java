package org.jmalloc.lab.history;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jmalloc.lab.ExitCode;
import org.jmalloc.results.importer.OtavaCsv;
import org.jmalloc.results.model.Params;
import org.jmalloc.results.model.Series;
import org.jmalloc.results.model.SeriesKey;
import org.jmalloc.results.store.HistoryException;
import org.jmalloc.results.store.HistorySnapshot;
import org.jmalloc.results.store.HistoryStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lab history export}: one benchmark's series in Apache Otava's CSV layout. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        header = "Export series in Apache Otava's CSV layout.",
        description = "Writes time,commit and one column per metric of one benchmark, parameter set, implementation"
                + " and hardware profile (the series that --benchmark and the other filters select; when they select"
                + " more than one of those, the candidates are listed). Otava reads it with a csv test of"
                + " time_column: time, attributes: [commit]; ./lab history import --format otava reads it back.",
        footerHeading = "%nExample:%n",
        footer = "  ./lab history export --benchmark MallocFreeLatencyBenchmark.mallocFree --params size=00064"
                + " --impl jmalloc --metric latency.avg --out mallocfree.csv",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:no series, or more than one, matches (the candidates are listed)",
            ExitCode.USAGE_LINE,
            ExitCode.CANNOT_RUN_LINE})
public final class HistoryExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = "--benchmark", paramLabel = "NAME", required = true,
            description = "The benchmark: its full name, or its end such as Class.method.")
    String benchmark;

    @Option(names = "--params", paramLabel = "P", description = "Its parameters, e.g. size=00064 (default: any).")
    String params;

    @Option(names = "--impl", paramLabel = "NAME", description = "The implementation (default: any).")
    String implementation;

    @Option(names = "--hardware-profile", paramLabel = "ID", description = "The hardware profile (default: any).")
    String hardwareProfile;

    @Option(names = "--metric", paramLabel = "NAME", description = "A metric to export; repeatable (default:"
            + " every metric).")
    List<String> metrics;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path outFile;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Params wanted;
        try {
            wanted = params == null ? null : Params.parse(params);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--params: " + e.getMessage());
        }
        List<Series> selected;
        try (HistoryStore history = store.open(spec)) {
            HistorySnapshot snapshot = history.read();
            selected = snapshot.allSeries().stream().filter(s -> matches(s.key(), wanted)).toList();
        } catch (HistoryException e) {
            err.println("lab history export: " + e.getMessage());
            return 1;
        }
        List<String> groups = selected.stream().map(s -> group(s.key())).distinct().toList();
        if (groups.size() != 1) {
            err.println(groups.isEmpty() ? "lab history export: no series matches" : "lab history export: "
                    + groups.size() + " series groups match; narrow with --benchmark, --params, --impl or"
                    + " --hardware-profile:\n  " + String.join("\n  ", groups));
            err.flush();
            return 1;
        }
        String csv = OtavaCsv.write(selected);
        if (outFile != null) {
            Files.writeString(outFile, csv, StandardCharsets.UTF_8);
            out.println(outFile + ": " + selected.size() + " metrics of " + groups.getFirst() + ", "
                    + csv.lines().count() + " lines");
        } else {
            out.print(csv);
        }
        out.flush();
        return 0;
    }

    private boolean matches(SeriesKey key, Params wanted) {
        return (key.benchmark().equals(benchmark) || key.benchmark().endsWith("." + benchmark))
                && (wanted == null || key.params().equals(wanted))
                && (implementation == null || key.implementation().equals(implementation))
                && (hardwareProfile == null || key.hardwareProfile().equals(hardwareProfile))
                && (metrics == null || metrics.contains(key.metric()));
    }

    private static String group(SeriesKey k) {
        return k.benchmark() + " --params '" + k.params() + "' --impl " + k.implementation()
                + " --hardware-profile " + k.hardwareProfile();
    }
}
