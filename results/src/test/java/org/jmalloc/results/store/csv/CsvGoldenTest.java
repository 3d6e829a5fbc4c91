package org.jmalloc.results.store.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.store.SampleRows;
import org.jmalloc.results.testing.Golden;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CSV store's file format, byte for byte, written and read under the root locale and under locales whose
 * decimal separator (de-DE: {@code ,}) or case rules (tr-TR: dotless i) differ.
 */
class CsvGoldenTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"und", "de-DE", "tr-TR"})
    void historyFile_matchesTheGoldenFileUnderEveryDefaultLocale(String tag) throws Exception {
        Locale locale = Locale.forLanguageTag(tag);
        Path dir = temp.resolve(tag);
        List<ResultRow> rows = new ArrayList<>(SampleRows.rows(SampleRows.run("20250107-021500-3f2a9c1d",
                "2025-01-07T02:15:00.250Z"), 12.5));
        rows.addAll(SampleRows.awkward(SampleRows.run("imported-ab12", "2025-01-31T23:59:59.999Z")));
        byte[] written = Golden.withDefaultLocale(locale, () -> {
            new CsvHistoryStore(dir).append(rows);
            return Files.readAllBytes(dir.resolve("2025-01.csv"));
        });
        Golden.assertMatches(CsvGoldenTest.class, "golden-history.csv", written);
        List<ResultRow> read = Golden.withDefaultLocale(locale, () -> new CsvHistoryStore(dir).read().rows());
        assertEquals(rows, read);
    }
}
