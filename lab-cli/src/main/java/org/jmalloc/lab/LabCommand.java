package org.jmalloc.lab;

import org.jmalloc.lab.bench.BenchCommand;
import org.jmalloc.lab.gate.BisectCommand;
import org.jmalloc.lab.gate.CalibrateCommand;
import org.jmalloc.lab.gate.GateCommand;
import org.jmalloc.lab.history.HistoryCommand;
import org.jmalloc.lab.info.InfoCommand;
import org.jmalloc.lab.report.ReportCommand;
import org.jmalloc.lab.report.ServeCommand;
import org.jmalloc.lab.stress.StressCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The lab's one command line, {@code ./lab <subcommand> [options]}: the launcher of the subcommands, each in the
 * package of its job ({@code info}, {@code bench}, {@code stress}, ...).
 *
 * <p>Adding a subcommand is a one-line edit of {@code subcommands} below. {@link #commandLine()} gives every subcommand
 * the same plumbing: {@code -V}/{@code --version} ({@link ManifestVersion}), one-line error messages and the exit
 * codes of {@link ExitCode} ({@link ErrorHandler}). A subcommand writes to {@code spec.commandLine().getOut()} and
 * {@code getErr()} (not {@code System.out}) so tests can capture them, returns 0 or 1 for its job, throws
 * {@code ParameterException} for a bad command line and {@code CannotRunException} when it cannot run, and ends its
 * {@code --help} with an example.
 *
 * <p>The JVM needs {@code --enable-native-access=ALL-UNNAMED}: the allocator maps memory through the foreign function
 * API. The launcher passes it, and the jar's manifest declares it too.
 */
@Command(
        name = "lab",
        description = "The jmalloc performance lab.",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        footerHeading = "%nExample:%n",
        footer = "  ./lab info        hardware facts, allocator configuration, self-check, stats",
        subcommands = {
            InfoCommand.class,
            BenchCommand.class,
            StressCommand.class,
            HistoryCommand.class,
            GateCommand.class,
            CalibrateCommand.class,
            BisectCommand.class,
            ReportCommand.class,
            ServeCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class LabCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** Runs the command line and exits the JVM with the subcommand's exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for {@link #main} and tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LabCommand());
        ErrorHandler errors = new ErrorHandler();
        cli.setParameterExceptionHandler(errors);
        cli.setExecutionExceptionHandler(errors);
        giveVersion(cli);
        return cli;
    }

    /** Every subcommand, nested ones too, answers {@code -V} with the lab's version. */
    private static void giveVersion(CommandLine cli) {
        for (CommandLine sub : cli.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(new ManifestVersion());
            giveVersion(sub);
        }
    }

    /** Without a subcommand there is nothing to do: say which ones exist (exit code 2). */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "missing subcommand: choose one of " + String.join(", ", spec.subcommands().keySet())
                        + " (e.g. ./lab info)");
    }
}
