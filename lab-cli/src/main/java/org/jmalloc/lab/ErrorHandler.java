package org.jmalloc.lab;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.jmalloc.lab.core.run.CannotRunException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How every subcommand reports what went wrong: one line {@code lab <subcommand>: <message>} on standard error, no
 * stack trace, and the exit code of {@link ExitCode}:
 * <ul>
 *   <li>a bad command line ({@link ParameterException}, thrown by picocli or by a subcommand that checked its
 *       options): the message and a hint to {@code --help}, exit 2;</li>
 *   <li>{@link CannotRunException} (a tool, file or build missing or failed) and I/O errors: the message, exit 3;</li>
 *   <li>anything else is a bug of the lab: the message, then the stack trace for the bug report, exit 3.</li>
 * </ul>
 */
final class ErrorHandler implements IParameterExceptionHandler, IExecutionExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println(prefix(cli) + e.getMessage());
        err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for the options and an example.");
        err.flush();
        return ExitCode.USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof CannotRunException) {
            err.println(prefix(cli) + e.getMessage());
        } else if (e instanceof IOException || e instanceof UncheckedIOException) {
            err.println(prefix(cli) + "cannot run: " + e);
        } else {
            err.println(prefix(cli) + "internal error (a bug of the lab; please report it with this trace): " + e);
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCode.CANNOT_RUN;
    }

    private static String prefix(CommandLine cli) {
        return cli.getCommandSpec().qualifiedName() + ": ";
    }
}
