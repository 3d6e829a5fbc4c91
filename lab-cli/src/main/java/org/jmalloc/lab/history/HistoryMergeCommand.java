package org.jmalloc.lab.history;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jmalloc.lab.ExitCode;
import org.jmalloc.results.store.HistoryException;
import org.jmalloc.results.store.HistoryStore;
import org.jmalloc.results.store.MergeResult;
import org.jmalloc.results.store.Problem;
import org.jmalloc.results.store.csv.CsvHistoryStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lab history merge DIR...}: adds other CSV histories (e.g. each build agent's) to this one. */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        header = "Merge other history directories into this history, without duplicates.",
        description = "Adds every row of each DIR (a CSV history, e.g. an agent's results/history/) that this history"
                + " does not hold yet (same run id and row key); merging twice adds nothing. Damaged rows of a"
                + " source are listed and not copied; everything else is.",
        footerHeading = "%nExample:%n",
        footer = "  ./lab history merge agent-1/results/history agent-2/results/history --jdbc jdbc:postgresql://db/perf",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:merged", "1:a source had damaged rows (listed) or the history could not be written",
            ExitCode.USAGE_LINE,
            ExitCode.CANNOT_RUN_LINE})
public final class HistoryMergeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Parameters(paramLabel = "DIR", arity = "1..*", description = "History directories to merge in.")
    List<Path> sources;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path dir : sources) {
            if (!Files.isDirectory(dir)) {
                throw new ParameterException(spec.commandLine(), dir + " is not a directory (give history"
                        + " directories, e.g. results/history)");
            }
        }
        int exit = 0;
        try (HistoryStore history = store.open(spec)) {
            for (Path dir : sources) {
                MergeResult result = history.merge(new CsvHistoryStore(dir));
                for (Problem p : result.problems()) {
                    err.println(p);
                }
                out.println(dir + ": " + result.appended().message()
                        + (result.problems().isEmpty() ? "" : "; " + result.problems().size()
                                + " damaged rows not copied"));
                if (!result.problems().isEmpty()) {
                    exit = 1;
                }
            }
        } catch (HistoryException e) {
            err.println("lab history merge: " + e.getMessage());
            exit = 1;
        }
        out.flush();
        err.flush();
        return exit;
    }
}
