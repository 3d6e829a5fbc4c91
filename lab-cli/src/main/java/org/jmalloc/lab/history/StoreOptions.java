package org.jmalloc.lab.history;

import java.nio.file.Path;
import org.jmalloc.lab.core.run.CannotRunException;
import org.jmalloc.lab.core.run.Workspace;
import org.jmalloc.results.store.HistoryStore;
import org.jmalloc.results.store.csv.CsvHistoryStore;
import org.jmalloc.results.store.postgres.PostgresHistoryStore;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where a command's history is: {@code --history DIR} (CSV files; default {@code results/history/} of the source
 * tree, or of the working directory outside it) or {@code --jdbc URL} (PostgreSQL, credentials from
 * {@value PostgresHistoryStore#USER_VARIABLE} and {@value PostgresHistoryStore#PASSWORD_VARIABLE}). A picocli
 * mixin: {@code @Mixin StoreOptions store;}.
 */
public final class StoreOptions {

    @Option(names = "--history", paramLabel = "DIR",
            description = "The CSV history directory (default: results/history/ of the source tree).")
    Path history;

    @Option(names = "--jdbc", paramLabel = "URL",
            description = "A PostgreSQL history instead, e.g. jdbc:postgresql://db.example.org:5432/perf (user and"
                    + " password from $" + PostgresHistoryStore.USER_VARIABLE + " and $"
                    + PostgresHistoryStore.PASSWORD_VARIABLE + "; tables created on first use).")
    String jdbc;

    /** The history directory used when neither option is given. */
    public static Path defaultDirectory() {
        return sourceRoot().resolve(CsvHistoryStore.DEFAULT_DIRECTORY);
    }

    /** The source tree the lab runs from, or the working directory outside one. */
    public static Path sourceRoot() {
        Path cwd = Path.of("").toAbsolutePath();
        try {
            return Workspace.locate(Workspace.codeSource(StoreOptions.class), cwd).root();
        } catch (CannotRunException e) {
            return cwd;
        }
    }

    /**
     * Opens the history.
     *
     * @throws ParameterException when both options are given or the URL is not PostgreSQL's
     * @throws org.jmalloc.results.store.HistoryException when the database cannot be reached or is newer
     */
    public HistoryStore open(CommandSpec spec) {
        if (history != null && jdbc != null) {
            throw new ParameterException(spec.commandLine(), "--history and --jdbc exclude each other: give one");
        }
        if (jdbc != null) {
            try {
                return PostgresHistoryStore.fromEnvironment(jdbc);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--jdbc: " + e.getMessage());
            }
        }
        return new CsvHistoryStore(history != null ? history : defaultDirectory());
    }
}
