package org.jmalloc.results.store.csv;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.jmalloc.results.store.HistoryStore;
import org.jmalloc.results.store.HistoryStoreContract;
import org.junit.jupiter.api.io.TempDir;

/** The store contract for the CSV store. */
class CsvHistoryStoreTest extends HistoryStoreContract {

    @TempDir
    Path temp;

    private final AtomicInteger count = new AtomicInteger();

    @Override
    protected HistoryStore newStore() {
        return new CsvHistoryStore(temp.resolve("history-" + count.incrementAndGet()));
    }

    @Override
    protected void markNewerSchemaVersion(HistoryStore store) throws Exception {
        Path dir = ((CsvHistoryStore) store).directory();
        try (var files = Files.list(dir)) {
            Path shard = files.filter(f -> f.toString().endsWith(".csv")).findFirst().orElseThrow();
            String text = Files.readString(shard, StandardCharsets.UTF_8);
            Files.writeString(shard, text.replaceFirst("schema version " + HistoryStore.SCHEMA_VERSION,
                    "schema version " + (HistoryStore.SCHEMA_VERSION + 1)), StandardCharsets.UTF_8);
        }
    }
}
