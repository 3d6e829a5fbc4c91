package org.jmalloc.results.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.jmalloc.results.store.HistoryStore;
import org.jmalloc.results.store.HistoryStoreContract;

/** The store contract for the PostgreSQL store, against a real server started on loopback by the test. */
class PostgresHistoryStoreTest extends HistoryStoreContract {

    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    @Override
    protected HistoryStore newStore() {
        return new PostgresHistoryStore(EmbeddedServer.url(), new Properties(), "contract_"
                + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet());
    }

    @Override
    protected void markNewerSchemaVersion(HistoryStore store) throws Exception {
        markNewer(EmbeddedServer.url(), new Properties(), (PostgresHistoryStore) store);
    }

    static void markNewer(String url, Properties credentials, PostgresHistoryStore store) throws Exception {
        String schema = store.describe().replaceAll(".*\\(schema (\\w+)\\)$", "$1");
        try (Connection c = DriverManager.getConnection(url, credentials); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + schema + ".schema_version (version) VALUES ("
                    + (HistoryStore.SCHEMA_VERSION + 1) + ")");
        }
    }
}
