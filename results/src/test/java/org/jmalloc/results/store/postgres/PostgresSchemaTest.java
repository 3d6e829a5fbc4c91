package org.jmalloc.results.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jmalloc.results.store.HistorySnapshot;
import org.jmalloc.results.store.HistoryStore;
import org.jmalloc.results.store.Problem;
import org.jmalloc.results.store.SampleRows;
import org.junit.jupiter.api.Test;

/** Schema creation, versioning and damaged rows of the PostgreSQL store, against the embedded server. */
class PostgresSchemaTest {

    private static String schema(String name) {
        return name + "_" + ProcessHandle.current().pid();
    }

    @Test
    void agentsOpeningANewHistoryAtOnce_createTheTablesOnce() throws Exception {
        String schema = schema("created_once");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<PostgresHistoryStore>> opens = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<PostgresHistoryStore> open = () -> new PostgresHistoryStore(EmbeddedServer.url(),
                        new Properties(), schema);
                opens.add(pool.submit(open));
            }
            for (Future<PostgresHistoryStore> f : opens) {
                f.get().close();
            }
        } finally {
            pool.shutdownNow();
        }
        new PostgresHistoryStore(EmbeddedServer.url(), new Properties(), schema).close();
        assertEquals(List.of(HistoryStore.SCHEMA_VERSION), query("SELECT version FROM " + schema
                + ".schema_version ORDER BY version"));
    }

    @Test
    void aNewerSchemaVersion_isRefusedWhenOpening() throws Exception {
        String schema = schema("newer_on_open");
        PostgresHistoryStore store = new PostgresHistoryStore(EmbeddedServer.url(), new Properties(), schema);
        PostgresHistoryStoreTest.markNewer(EmbeddedServer.url(), new Properties(), store);
        var e = assertThrows(org.jmalloc.results.store.HistoryException.class,
                () -> new PostgresHistoryStore(EmbeddedServer.url(), new Properties(), schema));
        assertTrue(e.getMessage().contains("schema version 2, but this lab reads versions up to 1"), e.getMessage());
    }

    @Test
    void aRowThatBreaksTheModel_isReportedByRowId_andTheOthersStillRead() throws Exception {
        String schema = schema("damaged_row");
        try (PostgresHistoryStore store = new PostgresHistoryStore(EmbeddedServer.url(), new Properties(), schema)) {
            var rows = SampleRows.rows(SampleRows.run("r1", "2025-01-07T02:15:00Z"), 12.5);
            store.append(rows);
            execute("UPDATE " + schema + ".result_row SET params = 'size=1,impl=x' WHERE row_id = 2");
            HistorySnapshot snapshot = store.read();
            assertEquals(List.of(rows.get(0), rows.get(2)), snapshot.rows());
            assertEquals(List.of(new Problem(schema + ".result_row", 2, "params 'size=1,impl=x': not sorted by"
                    + " name ('size' before 'impl')")), snapshot.problems());
            assertEquals(snapshot.problems(), store.check().problems());
        }
    }

    @Test
    void aUrlThatIsNotPostgres_isRejectedWithAnExample() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new PostgresHistoryStore("jdbc:mysql://x/y", new Properties(), "s"));
        assertTrue(e.getMessage().contains("jdbc:postgresql://"), e.getMessage());
        assertEquals("jdbc:postgresql://h/db?user=u&password=***&ssl=true",
                PostgresHistoryStore.redacted("jdbc:postgresql://h/db?user=u&password=secret&ssl=true"));
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(EmbeddedServer.url()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<Integer> query(String sql) throws Exception {
        List<Integer> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(EmbeddedServer.url()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getInt(1));
            }
        }
        return values;
    }
}
