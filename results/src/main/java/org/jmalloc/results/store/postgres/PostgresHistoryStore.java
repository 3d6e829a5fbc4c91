package org.jmalloc.results.store.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.jmalloc.results.model.Params;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.RunKind;
import org.jmalloc.results.store.AppendResult;
import org.jmalloc.results.store.CheckReport;
import org.jmalloc.results.store.Column;
import org.jmalloc.results.store.HistoryException;
import org.jmalloc.results.store.HistorySnapshot;
import org.jmalloc.results.store.HistoryStore;
import org.jmalloc.results.store.Problem;

/**
 * The history in a PostgreSQL database, for build agents that share one history ({@code ./lab ... --jdbc URL}).
 *
 * <p>Same rows, same contract as the CSV store. Each call opens its own connection (the lab makes few calls, and a
 * connection per call keeps threads and transactions apart); an append is one transaction of
 * {@code INSERT ... ON CONFLICT ON CONSTRAINT result_row_key DO NOTHING}, so concurrent agents lose nothing and a
 * row already present is skipped, never overwritten. The tables are created on first use ({@link PostgresSchema}).
 *
 * <p>Credentials come from the JDBC URL or from {@code properties} ({@code user}, {@code password}); see
 * {@link #fromEnvironment}.
 */
public final class PostgresHistoryStore implements HistoryStore {

    /** The schema (namespace) the lab's tables go in unless told otherwise. */
    public static final String DEFAULT_SCHEMA = "jmalloc_results";
    /** Environment variable with the database user, when the JDBC URL does not name one. */
    public static final String USER_VARIABLE = "JMALLOC_HISTORY_USER";
    /** Environment variable with the database password, so that it is not on the command line. */
    public static final String PASSWORD_VARIABLE = "JMALLOC_HISTORY_PASSWORD";

    private static final String COLUMNS = String.join(", ", Column.headers().stream().map(c -> "\"" + c + "\"")
            .toList());

    private final String url;
    private final Properties properties;
    private final PostgresSchema schema;

    /**
     * Connects to the database at {@code url} ({@code jdbc:postgresql://host:port/db}) and creates or upgrades the
     * history's tables in {@code schema}.
     *
     * @throws HistoryException when the database cannot be reached, or holds a newer schema version
     */
    public PostgresHistoryStore(String url, Properties properties, String schema) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: '" + url + "' (expected e.g."
                    + " jdbc:postgresql://db.example.org:5432/perf)");
        }
        this.url = url;
        this.properties = (Properties) properties.clone();
        this.schema = new PostgresSchema(schema);
        try (Connection c = connect()) {
            this.schema.migrate(c);
        } catch (SQLException e) {
            throw failure("open", e);
        }
    }

    /** A store at {@code url} in {@link #DEFAULT_SCHEMA}, with user and password from the environment if set. */
    public static PostgresHistoryStore fromEnvironment(String url) {
        Properties p = new Properties();
        String user = System.getenv(USER_VARIABLE);
        String password = System.getenv(PASSWORD_VARIABLE);
        if (user != null && !user.isEmpty()) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return new PostgresHistoryStore(url, p, DEFAULT_SCHEMA);
    }

    @Override
    public AppendResult append(List<ResultRow> rows) {
        List<String> runIds = rows.stream().map(ResultRow::runId).distinct().toList();
        if (rows.isEmpty()) {
            return new AppendResult(0, 0, runIds);
        }
        String sql = "INSERT INTO " + schema.rows() + " (" + COLUMNS + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(Column.values().length, "?"))
                + ") ON CONFLICT ON CONSTRAINT result_row_key DO NOTHING";
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try {
                refuseNewer(c);
                int added = 0;
                try (PreparedStatement insert = c.prepareStatement(sql)) {
                    for (ResultRow row : rows) {
                        bind(c, insert, row);
                        added += insert.executeUpdate();
                    }
                }
                c.commit();
                return new AppendResult(added, rows.size() - added, runIds);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("append to", e);
        }
    }

    private static void bind(Connection c, PreparedStatement s, ResultRow r) throws SQLException {
        s.setString(1, r.runId());
        s.setObject(2, OffsetDateTime.ofInstant(r.timestamp(), ZoneOffset.UTC));
        s.setString(3, r.commit());
        s.setString(4, r.branch());
        s.setString(5, r.kind().id());
        s.setString(6, r.hardwareProfile());
        s.setString(7, r.arch());
        s.setString(8, r.os());
        s.setInt(9, r.cpus());
        s.setString(10, r.jdk());
        s.setString(11, r.jvmFlags());
        s.setString(12, r.benchmark());
        s.setString(13, r.params().canonical());
        s.setString(14, r.metric());
        s.setString(15, r.unit());
        s.setDouble(16, r.value());
        s.setDouble(17, r.error());
        s.setArray(18, c.createArrayOf("float8", r.samples().toArray(Double[]::new)));
        s.setString(19, r.implementation());
    }

    @Override
    public HistorySnapshot read() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            refuseNewer(c);
            List<ResultRow> rows = new ArrayList<>();
            List<Problem> problems = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT row_id, " + COLUMNS + " FROM " + schema.rows()
                    + " ORDER BY row_id")) {
                while (rs.next()) {
                    try {
                        rows.add(row(rs));
                    } catch (IllegalArgumentException e) {
                        problems.add(new Problem(schema.rows(), rs.getLong(1), e.getMessage()));
                    }
                }
            }
            return new HistorySnapshot(rows, problems);
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    private static ResultRow row(ResultSet rs) throws SQLException {
        Array samples = rs.getArray(19);
        List<Double> values = samples == null ? List.of() : Arrays.asList((Double[]) samples.getArray());
        return new ResultRow(rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4),
                rs.getString(5), RunKind.parse(rs.getString(6)), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getInt(10), rs.getString(11), rs.getString(12), rs.getString(13), Params.parse(rs.getString(14)),
                rs.getString(15), rs.getString(16), rs.getDouble(17), rs.getDouble(18), values, rs.getString(20));
    }

    @Override
    public CheckReport check() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            int version = schema.version(s);
            if (version > SCHEMA_VERSION) {
                return new CheckReport(describe(), 1, 0, 0, List.of(new Problem(schema.name() + ".schema_version",
                        0, schema.newerMessage(version))));
            }
        } catch (SQLException e) {
            throw failure("check", e);
        }
        HistorySnapshot snapshot = read();
        Set<String> runs = new HashSet<>();
        snapshot.rows().forEach(r -> runs.add(r.runId()));
        return new CheckReport(describe(), 1, snapshot.rows().size(), runs.size(), snapshot.problems());
    }

    @Override
    public String describe() {
        return "PostgreSQL history in " + redacted(url) + " (schema " + schema.name() + ")";
    }

    @Override
    public void close() {
        // holds no connection between calls
    }

    private void refuseNewer(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            int version = schema.version(s);
            if (version > SCHEMA_VERSION) {
                throw new HistoryException(schema.newerMessage(version));
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, properties);
    }

    private HistoryException failure(String what, SQLException e) {
        return new HistoryException("cannot " + what + " the " + describe() + ": " + e.getMessage()
                + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")")
                + (what.equals("append to") ? "; nothing of this append was written" : ""), e);
    }

    /** The URL without a password given in it ({@code password=...}), for messages. */
    static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
