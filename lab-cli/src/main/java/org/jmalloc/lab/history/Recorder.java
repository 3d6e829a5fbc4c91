package org.jmalloc.lab.history;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Supplier;
import org.jmalloc.results.importer.ImportException;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.store.AppendResult;
import org.jmalloc.results.store.HistoryException;
import org.jmalloc.results.store.HistoryStore;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How {@code ./lab bench} and {@code ./lab stress} append their results to the history: one line saying what was
 * recorded where, or, when the history cannot take them, an error that says where the results are and how to
 * import them later (the run's own files are never lost).
 */
public final class Recorder {

    private Recorder() {
    }

    /**
     * Opens the history, appends the rows, reports.
     *
     * @param rows the run's rows (may throw {@link ImportException} when the result file is unreadable)
     * @param resultFile the run's result file, for the message when recording fails
     * @return whether the rows are in the history
     */
    public static boolean record(CommandSpec spec, StoreOptions store, Supplier<List<ResultRow>> rows,
            String resultFile) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (HistoryStore history = store.open(spec)) {
            AppendResult result = history.append(rows.get());
            out.println("history: " + result.message() + " (" + history.describe() + ")");
            return true;
        } catch (HistoryException | ImportException | UncheckedIOException e) {
            err.println("lab " + spec.name() + ": the results were not recorded in the history: " + e.getMessage());
            err.println("  they are in " + resultFile + "; record them later with: ./lab history import "
                    + resultFile);
            return false;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
