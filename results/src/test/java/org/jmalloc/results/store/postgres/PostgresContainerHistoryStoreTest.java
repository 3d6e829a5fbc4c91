package org.jmalloc.results.store.postgres;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.jmalloc.results.store.HistoryStore;
import org.jmalloc.results.store.HistoryStoreContract;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The store contract against PostgreSQL in a container, where a Docker daemon exists; JUnit reports it as skipped
 * elsewhere ({@link PostgresHistoryStoreTest} runs the same contract against an embedded server everywhere).
 */
@Testcontainers(disabledWithoutDocker = true)
class PostgresContainerHistoryStoreTest extends HistoryStoreContract {

    @Container
    private static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:17-alpine");

    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    @Override
    protected HistoryStore newStore() {
        return new PostgresHistoryStore(POSTGRES.getJdbcUrl(), credentials(), "contract_" + SCHEMAS.incrementAndGet());
    }

    private static Properties credentials() {
        Properties p = new Properties();
        p.setProperty("user", POSTGRES.getUsername());
        p.setProperty("password", POSTGRES.getPassword());
        return p;
    }

    @Override
    protected void markNewerSchemaVersion(HistoryStore store) throws Exception {
        PostgresHistoryStoreTest.markNewer(POSTGRES.getJdbcUrl(), credentials(), (PostgresHistoryStore) store);
    }
}
