package org.jmalloc.results.report;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves a built report site over HTTP on the loopback interface only (127.0.0.1 / ::1), never on
 * the machine's other addresses: a report is for the person at the machine, or for an SSH tunnel.
 *
 * <p>Only {@code GET} and {@code HEAD} of regular files under the site directory are answered;
 * {@code /} is {@code index.html}; a path that leaves the directory (through {@code ..}, an
 * encoded separator or a symbolic link) gets 404 like a missing file. Every answer carries
 * Jenkins' default content security policy ({@value #CONTENT_SECURITY_POLICY}), so a page that
 * looks right here looks right as a Jenkins build artifact too. Requests are handled on virtual
 * threads. {@link #close()} stops the server.
 */
public final class SiteServer implements AutoCloseable {

    /** The policy Jenkins puts on archived artifacts and HTML reports by default. */
    public static final String CONTENT_SECURITY_POLICY =
            "sandbox; default-src 'none'; img-src 'self'; style-src 'self';";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "css", "text/css; charset=utf-8", "png", "image/png",
            "svg", "image/svg+xml", "json", "application/json", "txt", "text/plain; charset=utf-8");

    private final HttpServer server;
    private final ExecutorService executor;
    private final Path root;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SiteServer(HttpServer server, ExecutorService executor, Path root) {
        this.server = server;
        this.executor = executor;
        this.root = root;
    }

    /**
     * Starts serving {@code site} on the loopback address.
     *
     * @param port the port, or 0 for any free one (see {@link #address()})
     * @throws IllegalArgumentException when {@code site} has no {@code index.html} (build it first)
     * @throws UncheckedIOException when the port cannot be bound (e.g. in use)
     */
    public static SiteServer start(Path site, int port) {
        Path root;
        try {
            root = site.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("no report site at " + site + ": build it first with ./lab report", e);
        }
        if (!Files.isRegularFile(root.resolve("index.html"))) {
            throw new IllegalArgumentException("no index.html in " + site + ": build the report first with ./lab report"
                    + " (or pass its directory with --site DIR)");
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + InetAddress.getLoopbackAddress().getHostAddress() + ":"
                    + port + " (" + e.getMessage() + "); choose another port with --port P", e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        SiteServer site0 = new SiteServer(server, executor, root);
        server.createContext("/", site0::handle);
        server.setExecutor(executor);
        server.start();
        return site0;
    }

    /** The bound address: the loopback address and the actual port. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** E.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Path file = resolve(exchange.getRequestURI().getPath());
            if (file == null) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String name = file.getFileName().toString();
            String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            send(exchange, 200, TYPES.getOrDefault(ext, "application/octet-stream"), Files.readAllBytes(file));
        }
    }

    /** The regular file under the root for a request path, or null. */
    Path resolve(String requestPath) {
        if (requestPath == null || !requestPath.startsWith("/") || requestPath.contains("\\")
                || requestPath.indexOf('\0') >= 0) {
            return null;
        }
        String relative = requestPath.substring(1);
        if (relative.isEmpty() || relative.endsWith("/")) {
            relative += "index.html";
        }
        try {
            Path candidate = root.resolve(relative).normalize();
            if (!candidate.startsWith(root) || !Files.isRegularFile(candidate)) {
                return null;
            }
            Path real = candidate.toRealPath();
            return real.startsWith(root) ? real : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Stops the server; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.close();
        }
    }
}
