package org.jmalloc.lab;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the lab's command line in-process for tests, capturing what it prints. */
public final class LabRun {

    private LabRun() {
    }

    /** Executes {@code args} with standard output into {@code out} and errors into {@code err}; returns the exit code. */
    public static int execute(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = LabCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
