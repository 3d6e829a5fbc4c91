package org.jmalloc.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Where a subcommand writes its result files: created before the job runs, so a bad {@code --out} costs nothing. */
public final class ResultDirectory {

    private ResultDirectory() {
    }

    /**
     * Creates {@code dir} (and its parents) and checks that it is writable.
     *
     * @throws ParameterException naming {@code --out}, the directory and the reason, when it cannot be created or
     *     written
     */
    public static Path create(CommandSpec spec, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--out " + dir + ": cannot create the result directory ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "); choose a writable directory");
        }
        if (!Files.isWritable(dir)) {
            throw new ParameterException(spec.commandLine(), "--out " + dir + ": the directory is not writable;"
                    + " choose a writable directory");
        }
        return dir;
    }
}
