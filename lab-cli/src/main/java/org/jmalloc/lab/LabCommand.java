package org.jmalloc.lab;

import org.jmalloc.lab.history.HistoryCommand;
import org.jmalloc.lab.info.InfoCommand;
import org.jmalloc.lab.report.ReportCommand;
import org.jmalloc.lab.report.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The lab's one command line, {@code ./lab <subcommand> [options]}.
 *
 * <p>Every subcommand is a picocli command class listed in {@code subcommands} below: adding one is
 * a one-line edit there. Subcommands write to {@code spec.commandLine().getOut()} and
 * {@code getErr()} (not {@code System.out}) so tests can capture them, and return their exit
 * code: 0 success, 1 the job ran and found a failure, 2 the command line was wrong (picocli's
 * usage error code).
 *
 * <p>The JVM needs {@code --enable-native-access=ALL-UNNAMED}: the allocator maps memory through
 * the foreign function API. The launcher passes it, and the jar's manifest declares it too.
 */
@Command(
        name = "lab",
        description = "The jmalloc performance lab.",
        mixinStandardHelpOptions = true,
        versionProvider = LabCommand.ManifestVersion.class,
        subcommands = {
            InfoCommand.class,
            BenchCommand.class,
            StressCommand.class,
            HistoryCommand.class,
            org.jmalloc.lab.gate.GateCommand.class,
            org.jmalloc.lab.gate.CalibrateCommand.class,
            org.jmalloc.lab.gate.BisectCommand.class,
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
        return new CommandLine(new LabCommand());
    }

    /** Without a subcommand there is nothing to do: say which ones exist (exit code 2). */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "Missing subcommand: choose one of " + String.join(", ", spec.subcommands().keySet())
                        + " (e.g. ./lab info)");
    }

    /** The version written into the jar's manifest at build time. */
    static final class ManifestVersion implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LabCommand.class.getPackage().getImplementationVersion();
            return new String[] {"jmalloc lab " + (version == null ? "(development build)" : version)};
        }
    }
}
