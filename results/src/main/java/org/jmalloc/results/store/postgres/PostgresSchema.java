package org.jmalloc.results.store.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jmalloc.results.model.RunKind;
import org.jmalloc.results.store.HistoryException;
import org.jmalloc.results.store.HistoryStore;

/**
 * The history's tables in one PostgreSQL schema (namespace), and their migrations.
 *
 * <pre>
 * &lt;schema&gt;.schema_version(version PK, applied_at)       one row per migration applied
 * &lt;schema&gt;.result_row(row_id bigserial PK,                append order
 *                     run_id ... implementation,            the {@link org.jmalloc.results.store.Column}s
 *                     UNIQUE (run_id, benchmark, params, metric, implementation))   the row key
 * </pre>
 *
 * <p>{@link #migrate} runs on every open, inside one transaction holding a transaction-level advisory lock, so
 * agents starting at once apply each migration exactly once: it creates the schema on first use, applies the
 * migrations after the recorded version, and refuses a database whose recorded version is newer than this code's
 * {@link HistoryStore#SCHEMA_VERSION}. Migration {@code i} (1-based) takes version {@code i - 1} to {@code i}.
 */
final class PostgresSchema {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** Advisory lock key of migrations: any constant the lab's other locks do not use. */
    private static final long MIGRATION_LOCK = 0x6a6d616c6c6f6331L;

    private final String schema;

    PostgresSchema(String schema) {
        if (!IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException("PostgreSQL schema name '" + schema + "' must be lower-case letters,"
                    + " digits and _ (at most 63), starting with a letter or _");
        }
        this.schema = schema;
    }

    String name() {
        return schema;
    }

    /** The qualified name of the rows' table. */
    String rows() {
        return schema + ".result_row";
    }

    private List<String> migrations() {
        String kinds = String.join(", ", java.util.Arrays.stream(RunKind.values())
                .map(k -> "'" + k.id() + "'").toList());
        return List.of(String.format(Locale.ROOT, """
                CREATE TABLE %1$s.result_row (
                    row_id           bigserial PRIMARY KEY,
                    run_id           text NOT NULL CHECK (run_id <> ''),
                    "timestamp"      timestamptz NOT NULL,
                    "commit"         text NOT NULL,
                    branch           text NOT NULL,
                    run_kind         text NOT NULL CHECK (run_kind IN (%2$s)),
                    hardware_profile text NOT NULL,
                    arch             text NOT NULL,
                    os               text NOT NULL,
                    cpus             integer NOT NULL CHECK (cpus >= 0),
                    jdk              text NOT NULL,
                    jvm_flags        text NOT NULL,
                    benchmark        text NOT NULL CHECK (benchmark <> ''),
                    params           text NOT NULL,
                    metric           text NOT NULL CHECK (metric <> ''),
                    unit             text NOT NULL,
                    value            double precision NOT NULL,
                    error            double precision NOT NULL,
                    samples          double precision[] NOT NULL,
                    implementation   text NOT NULL CHECK (implementation <> ''),
                    CONSTRAINT result_row_key UNIQUE (run_id, benchmark, params, metric, implementation)
                );
                CREATE INDEX result_row_series
                    ON %1$s.result_row (benchmark, params, metric, implementation, hardware_profile, "timestamp");
                """, schema, kinds));
    }

    /** Creates or upgrades the tables, or refuses a newer schema; returns the version now in force. */
    int migrate(Connection c) throws SQLException {
        List<String> migrations = migrations();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            s.execute("CREATE TABLE IF NOT EXISTS " + schema + ".schema_version (version integer PRIMARY KEY,"
                    + " applied_at timestamptz NOT NULL DEFAULT now())");
            int version = version(s);
            if (version > HistoryStore.SCHEMA_VERSION) {
                c.rollback();
                throw new HistoryException(newerMessage(version));
            }
            for (int next = version + 1; next <= migrations.size(); next++) {
                s.execute(migrations.get(next - 1));
                s.execute("INSERT INTO " + schema + ".schema_version (version) VALUES (" + next + ")");
            }
            c.commit();
            return migrations.size();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** The recorded version (0 for none), read without changing anything. */
    int version(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM " + schema + ".schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    String newerMessage(int version) {
        return String.format(Locale.ROOT, "PostgreSQL schema %s was written with history schema version %d, but"
                + " this lab reads versions up to %d: update the lab (git pull, then run it again) before reading or"
                + " writing this history; nothing was read or changed", schema, version, HistoryStore.SCHEMA_VERSION);
    }
}
