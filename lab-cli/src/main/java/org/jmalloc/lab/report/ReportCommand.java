package org.jmalloc.lab.report;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jmalloc.lab.history.ChangePointOptions;
import org.jmalloc.lab.history.StoreOptions;
import org.jmalloc.results.report.ReportSite;
import org.jmalloc.results.store.HistoryException;
import org.jmalloc.results.store.HistorySnapshot;
import org.jmalloc.results.store.HistoryStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lab report}: builds the static HTML report of the history. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        header = "Build the HTML report of the history: latest values against the anchors, trends, change points.",
        description = {
            "Writes a static site without JavaScript (so Jenkins' default content security policy shows it):"
                    + " index.html with the latest figures against the anchors (glibc, jemalloc, mimalloc, tcmalloc,"
                    + " netty), the change points, the gate runs (baseline against candidate, the verdict per"
                    + " guarded metric and its comparison chart) and the latest matrix cells; a page per benchmark"
                    + " with its trend charts (PNG, and SVG behind each picture). Open OUT/index.html, or run"
                    + " ./lab serve.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./lab report && ./lab serve",
            "  ./lab report --jdbc jdbc:postgresql://db.example.org:5432/perf --out target/site",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the report was written from the whole history",
            "1:the history could not be read, or some rows are damaged (the report lists them and leaves them out)",
            "2:invalid command line"})
public final class ReportCommand implements Callable<Integer> {

    /** Where the site goes unless told otherwise, relative to the source tree's root. */
    public static final Path DEFAULT_SITE = Path.of("results", "site");

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    ChangePointOptions changePoints;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where to write the site (default: results/site/ of the source tree).")
    Path out;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path site = out != null ? out : StoreOptions.sourceRoot().resolve(DEFAULT_SITE);
        ProgressPrinter progress = new ProgressPrinter(err, "report",
                System.console() != null && System.console().isTerminal());
        ReportSite builder = new ReportSite(changePoints.detector(spec), progress);
        try (HistoryStore history = store.open(spec)) {
            err.println("report: reading " + history.describe());
            err.flush();
            HistorySnapshot snapshot = history.read();
            ReportSite.Summary summary = builder.build(history.describe(), snapshot, site);
            stdout.printf(Locale.ROOT, "report: wrote %s (%d benchmark pages, %d charts, %d change points; %s)%n",
                    summary.index(), summary.benchmarkPages(), summary.charts(), summary.changes(),
                    changePoints.describe());
            if (summary.problems() > 0) {
                err.printf(Locale.ROOT, "report: %d damaged rows were left out (listed on the page;"
                        + " ./lab history check shows them)%n", summary.problems());
                return 1;
            }
            return 0;
        } catch (HistoryException | UncheckedIOException e) {
            err.println("lab report: " + e.getMessage());
            return 1;
        } finally {
            stdout.flush();
            err.flush();
        }
    }
}
