package org.jmalloc.results.importer;

import java.time.Instant;
import java.util.List;
import org.jmalloc.results.model.ResultRow;

/** One entry point for every format: reads a file's content into history rows. */
public final class Importers {

    private Importers() {
    }

    /**
     * The rows of a file.
     *
     * @param format the format, or null to {@link Format#detect detect} it
     * @param file the file's name, for messages
     * @param modified when the file was last modified: the run's time unless {@code meta} gives one
     * @param otava how to read an Otava CSV file (ignored for the other formats)
     * @throws ImportException when the file cannot be imported; nothing of it is then
     */
    public static List<ResultRow> read(Format format, String file, byte[] content, Instant modified,
            RunMetadata meta, OtavaCsv.Options otava) {
        Format f = format != null ? format : Format.detect(file, content);
        Instant finished = meta.time() != null ? meta.time() : modified;
        return switch (f) {
            case JMH -> JmhImporter.rows(file, content, finished, meta);
            case STRESS -> StressImporter.rows(file, content, finished, meta);
            case OTAVA -> OtavaCsv.read(file, content, otava, meta);
            case VERDICT -> VerdictImporter.rows(file, content, finished, meta);
        };
    }
}
