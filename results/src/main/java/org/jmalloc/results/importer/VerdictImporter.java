package org.jmalloc.results.importer;

import java.util.List;
import org.jmalloc.results.model.ResultRow;

/**
 * Guardrail verdicts as history rows. <b>Pending</b>: the gate writes a JSON verdict file whose schema has not been
 * published yet; until then every import of a verdict fails with a message that says so, and nothing is guessed.
 * When the schema lands, this reads it (through that schema) into rows of run kind {@code gate}.
 */
public final class VerdictImporter {

    private VerdictImporter() {
    }

    /**
     * The rows of a verdict file.
     *
     * @throws ImportException always, for now: the verdict format is not defined yet
     */
    public static List<ResultRow> rows(String file, byte[] content, RunMetadata meta) {
        throw new ImportException(file, "importing guardrail verdicts is not available yet: the gate's verdict"
                + " JSON schema has not been published; record the gate's JMH JSON files instead (--format jmh)");
    }
}
