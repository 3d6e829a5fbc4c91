package org.jmalloc.lab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jmalloc.lab.LabRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {

    @TempDir
    Path dir;

    @Test
    void report_writesTheSiteAndSaysWhatItWrote_withProgress() throws Exception {
        Path history = HistoryFixture.write(dir.resolve("history"));
        Path site = dir.resolve("site");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, LabRun.execute(out, err, "report", "--history", history.toString(), "--out", site.toString()),
                err.toString());
        assertTrue(out.toString().contains("report: wrote " + site.resolve("index.html")
                + " (1 benchmark pages, 1 charts, 1 change points; p < 0.001, magnitude > 0.0, window 50)"), out.toString());
        assertTrue(err.toString().contains("report: charts 1/1"), err.toString());
        String index = Files.readString(site.resolve("index.html"));
        assertTrue(index.contains("MallocFreeLatencyBenchmark.mallocFree"), index);
        assertTrue(Files.exists(site.resolve("style.css")));
    }

    @Test
    void emptyHistory_givesAReportThatSaysSo() throws Exception {
        Path site = dir.resolve("site");
        StringWriter out = new StringWriter();
        assertEquals(0, LabRun.execute(out, new StringWriter(), "report", "--history", dir.resolve("none").toString(),
                "--out", site.toString()));
        String index = Files.readString(site.resolve("index.html"));
        assertTrue(index.contains("The history is empty") && index.contains("./lab bench --quick"), index);
    }

    @Test
    void serve_answersIndexHtmlOnTheLoopbackAddressUntilInterrupted() throws Exception {
        Path site = dir.resolve("site");
        assertEquals(0, LabRun.execute(new StringWriter(), new StringWriter(), "report", "--history",
                HistoryFixture.write(dir.resolve("history")).toString(), "--out", site.toString()));
        StringWriter out = new StringWriter();
        AtomicInteger code = new AtomicInteger(-1);
        Thread serving = Thread.ofVirtual().start(() -> code.set(LabRun.execute(out, new StringWriter(), "serve",
                "--port", "0", "--site", site.toString())));
        URI uri = null;
        Pattern url = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/) ");
        for (int i = 0; i < 200 && uri == null; i++) {
            Matcher m = url.matcher(out.toString());
            if (m.find()) {
                uri = URI.create(m.group(1));
            } else {
                Thread.sleep(25);
            }
        }
        assertTrue(uri != null, "serve printed its address: " + out);
        HttpResponse<String> index = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, index.statusCode());
        assertEquals(Files.readString(site.resolve("index.html")), index.body());
        serving.interrupt();
        serving.join(5000);
        assertEquals(0, code.get());
    }

    @Test
    void serveWithoutAReport_saysHowToBuildOne_andABadPortIsACommandLineError() {
        StringWriter err = new StringWriter();
        assertEquals(1, LabRun.execute(new StringWriter(), err, "serve", "--site", dir.toString()));
        assertTrue(err.toString().contains("./lab report"), err.toString());
        assertEquals(2, LabRun.execute(new StringWriter(), new StringWriter(), "serve", "--port", "70000"));
    }

    @Test
    void help_ofBothCommands_showsExamples() {
        StringWriter report = new StringWriter();
        assertEquals(0, LabRun.execute(report, new StringWriter(), "report", "--help"));
        assertTrue(report.toString().contains("./lab report && ./lab serve"), report.toString());
        StringWriter serve = new StringWriter();
        assertEquals(0, LabRun.execute(serve, new StringWriter(), "serve", "--help"));
        assertTrue(serve.toString().contains("./lab serve --port 9000"), serve.toString());
    }
}
