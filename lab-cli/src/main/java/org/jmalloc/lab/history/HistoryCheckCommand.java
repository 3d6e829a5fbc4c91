package org.jmalloc.lab.history;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jmalloc.lab.ExitCode;
import org.jmalloc.results.store.CheckReport;
import org.jmalloc.results.store.HistoryException;
import org.jmalloc.results.store.HistoryStore;
import org.jmalloc.results.store.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lab history check}: reads the whole history and reports every damaged row with file, line and reason. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        header = "Check the history: schema version, every row readable, no duplicate rows.",
        description = "Reads every file (or the table) of the history and lists each problem as FILE:LINE: REASON."
                + " Changes nothing.",
        footerHeading = "%nExample:%n",
        footer = "  ./lab history check --history results/history",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the history is sound", "1:a problem was found (listed)", ExitCode.USAGE_LINE,
            ExitCode.CANNOT_RUN_LINE})
public final class HistoryCheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (HistoryStore history = store.open(spec)) {
            CheckReport report = history.check();
            for (Problem p : report.problems()) {
                err.println(p);
            }
            out.printf(Locale.ROOT, "%s: %d files, %d rows, %d runs: %s%n", report.history(), report.files(),
                    report.rows(), report.runs(), report.ok() ? "ok" : report.problems().size() + " problems");
            return report.ok() ? 0 : 1;
        } catch (HistoryException e) {
            err.println("lab history check: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
