package org.jmalloc.lab.history;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.jmalloc.results.importer.RunMetadata;
import org.jmalloc.results.model.RunKind;
import org.jmalloc.results.run.GitCheckout;
import org.jmalloc.results.run.MachineProfile;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * What the history records about a run besides its figures: why it was made ({@code --kind}, default
 * {@code local}), the commit and branch (default: CI's variables, else the git checkout), the hardware profile
 * (default: derived from this machine), and the machine's arch, OS, CPUs and JDK. A picocli mixin.
 */
public final class RunOptions {

    @Option(names = "--kind", paramLabel = "KIND", defaultValue = "local",
            description = "Why the run was made: pr, nightly, local, matrix or gate (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--commit", paramLabel = "SHA", description = "The commit measured (default: $GIT_COMMIT, else"
            + " git rev-parse HEAD).")
    String commit;

    @Option(names = "--branch", paramLabel = "NAME", description = "The branch (default: $BRANCH_NAME or"
            + " $GIT_BRANCH, else the checkout's branch).")
    String branch;

    @Option(names = "--hardware-profile", paramLabel = "ID", description = "The machine's profile id (default:"
            + " derived from this machine's CPU model, CPUs, memory, arch and OS).")
    String hardwareProfile;

    /**
     * The metadata of a run made from the checkout at {@code root} on this machine.
     *
     * @param time when the run finished, or null to take each file's modification time
     * @param jvmFlags the JVM flags the run used (files that state their own win)
     */
    public RunMetadata metadata(CommandSpec spec, Path root, Instant time, String jvmFlags) {
        RunKind runKind;
        try {
            runKind = RunKind.parse(kind);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--kind: " + e.getMessage());
        }
        GitCheckout git = commit != null && branch != null ? new GitCheckout(commit, branch)
                : GitCheckout.detect(root, System.getenv());
        MachineProfile machine = MachineProfile.current();
        return new RunMetadata(time, commit != null ? commit : git.commit(), branch != null ? branch : git.branch(),
                runKind, hardwareProfile != null ? hardwareProfile : machine.id(), machine.arch(), machine.os(),
                machine.cpus(), Runtime.version().toString(), jvmFlags);
    }

    /** Reads an ISO-8601 instant option. */
    static Instant instant(CommandSpec spec, String option, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), option + ": '" + text + "' is not an ISO-8601 UTC time"
                    + " such as 2025-01-07T02:15:00Z");
        }
    }
}
