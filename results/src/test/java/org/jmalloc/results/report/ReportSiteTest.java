package org.jmalloc.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jmalloc.results.changepoint.ChangePointDetector;
import org.jmalloc.results.store.HistorySnapshot;
import org.jmalloc.results.store.Problem;
import org.jmalloc.results.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReportSiteTest {

    static final String SOURCE = "CSV history in results/history";
    static final List<Problem> PROBLEMS = List.of(new Problem("results/history/2025-03.csv", 17,
            "value 'fast' is not a number"));

    @TempDir
    Path out;

    static ReportSite.Summary build(HistorySnapshot snapshot, Path out) {
        return new ReportSite(ChangePointDetector.withDefaults(), Progress.NONE).build(SOURCE, snapshot, out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en-US", "de-DE", "tr-TR"})
    void demoHistory_pagesMatchTheGoldenFilesUnderAnyDefaultLocale(String locale) throws Exception {
        ReportSite.Summary summary = Golden.withDefaultLocale(Locale.forLanguageTag(locale),
                () -> build(DemoHistory.snapshot(1, DemoHistory.LATENCY, PROBLEMS), out));
        assertEquals(3, summary.benchmarkPages());
        assertEquals(3 + 4, summary.charts(), "three trend charts, two comparison charts for each of two gates");
        String index = Files.readString(summary.index());
        Golden.assertMatches(ReportSiteTest.class, "index.html", index.getBytes(StandardCharsets.UTF_8));
        Path page = out.resolve(benchmarkPage(index, "MallocFreeLatencyBenchmark.mallocFree"));
        Golden.assertMatches(ReportSiteTest.class, "benchmark-latency.html", Files.readAllBytes(page));
    }

    @Test
    void demoHistory_findsTheRegressionOnBothProfilesAndTheGain() {
        ReportData data = ReportData.of(SOURCE, DemoHistory.snapshot(1, DemoHistory.LATENCY, List.of()),
                new ChangeAnalysis(ChangePointDetector.withDefaults()), Progress.NONE);
        List<SeriesChange> jmalloc = data.changes().stream()
                .filter(c -> c.series().implementation().equals("jmalloc")).toList();
        assertEquals(4, jmalloc.size(), jmalloc.toString());
        for (SeriesChange c : jmalloc) {
            boolean latency = c.series().metric().equals("latency.avg");
            assertEquals(latency ? 25 : 12, c.index(), c.toString());
            assertEquals(latency ? 6 : 8, c.changePercent(), 1.5, c.toString());
            assertEquals(DemoHistory.commit(c.index()), c.commit());
            assertEquals(DemoHistory.commit(c.index() - 1), c.commitBefore());
        }
        assertTrue(data.changes().stream().noneMatch(c -> !c.series().implementation().equals("jmalloc")),
                "the anchors' flat series have no change point: " + data.changes());
    }

    @Test
    void everyLinkAndImageOfEveryPage_pointsToAFileOfTheSite() throws Exception {
        build(DemoHistory.snapshot(1, DemoHistory.LATENCY, PROBLEMS), out);
        Pattern ref = Pattern.compile("(?:href|src)=\"([^\"#]+)\"");
        List<Path> pages;
        try (Stream<Path> files = Files.walk(out)) {
            pages = files.filter(p -> p.toString().endsWith(".html")).toList();
        }
        assertEquals(4, pages.size());
        for (Path page : pages) {
            String html = Files.readString(page);
            assertFalse(html.contains("<script"), page + " has no script");
            assertFalse(html.contains("style=\""), page + " has no inline style");
            Matcher m = ref.matcher(html);
            while (m.find()) {
                Path target = page.getParent().resolve(m.group(1)).normalize();
                assertTrue(target.startsWith(out) && Files.isRegularFile(target), page + " links to missing " + m.group(1));
            }
        }
    }

    @Test
    void hostileBenchmarkName_isEscapedEverywhereAndCannotNameAFileOutsideTheSite() throws Exception {
        String hostile = "org.evil.<script>alert('x')</script>&\"../../../etc/passwd";
        ReportSite.Summary summary = build(DemoHistory.snapshot(1, hostile, List.of()), out);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(out)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        for (Path f : files) {
            assertTrue(f.normalize().startsWith(out), f.toString());
            assertTrue(f.getFileName().toString().matches("[A-Za-z0-9._-]+"), "safe file name: " + f.getFileName());
            if (f.toString().endsWith(".html")) {
                String html = Files.readString(f);
                assertFalse(html.contains("<script>"), f + " carries the hostile markup");
                assertFalse(html.contains("alert('x')"), f + " carries an unescaped quote");
            }
        }
        String index = Files.readString(summary.index());
        assertTrue(index.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;.."), "escaped name shown");
    }

    @Test
    void emptyHistory_saysSoAndShowsTheCommandThatRecordsAFirstRun() throws Exception {
        ReportSite.Summary summary = build(new HistorySnapshot(List.of(), List.of()), out);
        String index = Files.readString(summary.index());
        assertTrue(index.contains("The history is empty"), index);
        assertTrue(index.contains("<pre class=\"command\">./lab bench --quick</pre>"), index);
        assertEquals(0, summary.benchmarkPages());
        assertFalse(Files.exists(out.resolve("bench")));
        Golden.assertMatches(ReportSiteTest.class, "index-empty.html", index.getBytes(StandardCharsets.UTF_8));
    }

    /** The href of the link whose text is {@code name}. */
    static String benchmarkPage(String index, String name) {
        Matcher m = Pattern.compile("<a href=\"(bench/[^\"]+)\">" + Pattern.quote(name) + "</a>").matcher(index);
        assertTrue(m.find(), "index links to " + name);
        return m.group(1);
    }
}
