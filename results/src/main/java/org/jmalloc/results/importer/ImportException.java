package org.jmalloc.results.importer;

import java.util.List;
import java.util.stream.Collectors;
import org.jmalloc.results.store.Problem;

/**
 * A file that cannot be imported: every problem found, each with file, line (0 when it concerns the whole file) and
 * reason. Nothing of the file is imported, so fixing it and importing again loses nothing.
 */
public final class ImportException extends IllegalArgumentException {

    private final List<Problem> problems;

    public ImportException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an ImportException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** One problem of a whole file. */
    public ImportException(String file, String reason) {
        this(List.of(new Problem(file, 0, reason)));
    }

    /** What is wrong, in file order. */
    public List<Problem> problems() {
        return problems;
    }
}
