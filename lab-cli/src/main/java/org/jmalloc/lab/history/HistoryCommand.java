package org.jmalloc.lab.history;

import org.jmalloc.lab.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lab history}: the results history's commands. Each is a class in {@code subcommands}; every one takes
 * {@link StoreOptions} ({@code --history DIR} or {@code --jdbc URL}).
 */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        header = "The results history: import results, merge agents' histories, check, export, find change points.",
        description = {
            "Every ./lab bench and ./lab stress run appends its results to the history (results/history/ by"
                    + " default, month files of CSV; or a PostgreSQL database shared by all build agents with"
                    + " --jdbc). These commands bring in results from files and other histories, check that"
                    + " nothing is damaged, export series, and list the change points of every series.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the subcommand did its job",
            "1:the subcommand found a problem (each one's --help says which)",
            ExitCode.USAGE_LINE,
            ExitCode.CANNOT_RUN_LINE,
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./lab history import target/bench/20250107-021500.json",
            "  ./lab history merge /mnt/agent-1/results/history /mnt/agent-2/results/history",
            "  ./lab history check --jdbc jdbc:postgresql://db.example.org:5432/perf",
            "  ./lab history changes --json",
        },
        subcommands = {
            HistoryImportCommand.class,
            HistoryMergeCommand.class,
            HistoryCheckCommand.class,
            HistoryExportCommand.class,
            HistoryChangesCommand.class,
        })
public final class HistoryCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: choose one of "
                + String.join(", ", spec.subcommands().keySet()) + " (e.g. ./lab history check)");
    }
}
