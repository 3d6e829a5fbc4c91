package org.jmalloc.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteServerTest {

    @TempDir
    Path site;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void buildSite() {
        ReportSiteTest.build(DemoHistory.snapshot(1, DemoHistory.LATENCY, List.of()), site);
    }

    @Test
    void servesIndexHtmlAtTheRootWithJenkinsContentSecurityPolicy() throws Exception {
        try (SiteServer server = SiteServer.start(site, 0)) {
            HttpResponse<String> index = get(server.uri());
            assertEquals(200, index.statusCode());
            assertEquals(Files.readString(site.resolve("index.html")), index.body());
            assertEquals("text/html; charset=utf-8", index.headers().firstValue("Content-Type").orElseThrow());
            assertEquals(SiteServer.CONTENT_SECURITY_POLICY,
                    index.headers().firstValue("Content-Security-Policy").orElseThrow());
            assertEquals("text/css; charset=utf-8",
                    get(server.uri().resolve("style.css")).headers().firstValue("Content-Type").orElseThrow());
            assertEquals(404, get(server.uri().resolve("nothing.html")).statusCode());
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(server.uri())
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
        }
    }

    @Test
    void bindsTheLoopbackAddressOnly() throws Exception {
        try (SiteServer server = SiteServer.start(site, 0)) {
            assertTrue(server.address().getAddress().isLoopbackAddress(), server.address().toString());
            InetAddress other = NetworkInterface.networkInterfaces()
                    .filter(SiteServerTest::isUp)
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                    .findFirst().orElse(null);
            Assumptions.assumeTrue(other != null, "this machine has no non-loopback address to try connecting on;"
                    + " only the bound address was checked");
            try (Socket socket = new Socket()) {
                assertThrows(IOException.class, () -> socket.connect(new InetSocketAddress(other,
                        server.address().getPort()), 2000), "the port must not accept connections on " + other);
            }
        }
    }

    @Test
    void pathsOutsideTheSite_areNotFound() throws Exception {
        Files.writeString(site.getParent().resolve("secret.txt"), "secret");
        try (SiteServer server = SiteServer.start(site, 0)) {
            assertNull(server.resolve("/../secret.txt"));
            assertNull(server.resolve("/charts/../../secret.txt"));
            assertNull(server.resolve("/..\\secret.txt"));
            assertNull(server.resolve("relative.html"));
            assertEquals(site.toRealPath().resolve("index.html"), server.resolve("/"));
            HttpResponse<String> up = get(URI.create(server.uri() + "%2e%2e/secret.txt"));
            assertEquals(404, up.statusCode());
        }
    }

    @Test
    void aDirectoryWithoutAReport_isRefusedSayingHowToBuildIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SiteServer.start(site.resolve("bench"), 0));
        assertTrue(e.getMessage().contains("./lab report"), e.getMessage());
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean isUp(NetworkInterface n) {
        try {
            return n.isUp();
        } catch (IOException e) {
            return false;
        }
    }
}
