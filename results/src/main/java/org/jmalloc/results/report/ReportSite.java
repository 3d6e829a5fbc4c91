package org.jmalloc.results.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jmalloc.results.chart.ComparisonChart;
import org.jmalloc.results.chart.TrendChart;
import org.jmalloc.results.changepoint.ChangePointDetector;
import org.jmalloc.results.model.Series;
import org.jmalloc.results.store.HistorySnapshot;

/**
 * Builds the static report site from a history snapshot:
 * <pre>
 *   OUT/index.html              the front page (see IndexPage)
 *   OUT/style.css               the one style sheet; the pages have no inline style and no script
 *   OUT/bench/NAME-HASH.html    one page per benchmark (see BenchmarkPage)
 *   OUT/charts/NAME-HASH.png    its trend charts, and the same as .svg
 *   OUT/charts/gate-NAME-HASH.png  a gate's comparison chart of one metric, and the same as .svg
 * </pre>
 * Names in the data become file names only through {@link Slugs}; every text from the data is
 * HTML-escaped. Each file is written to a temporary sibling and renamed into place. Files of an
 * earlier build that this build does not write again are left alone.
 */
public final class ReportSite {

    private final ChangePointDetector detector;
    private final Progress progress;

    /**
     * @param detector the change-point settings the report applies
     * @param progress told about the change-point and chart steps
     */
    public ReportSite(ChangePointDetector detector, Progress progress) {
        this.detector = detector;
        this.progress = progress;
    }

    /** What a build wrote; {@code charts} counts trend charts and gate comparison charts (each a PNG and an SVG). */
    public record Summary(Path index, int benchmarkPages, int charts, int changes, int problems) {
    }

    /**
     * Writes the site for {@code snapshot} into {@code out}, creating it.
     *
     * @param source where the history is (shown on the front page), e.g. {@code CSV history in results/history}
     * @throws UncheckedIOException naming the file that could not be written
     */
    public Summary build(String source, HistorySnapshot snapshot, Path out) {
        ReportData data = ReportData.of(source, snapshot, new ChangeAnalysis(detector), progress);
        Map<String, List<Series>> benchmarks = data.byBenchmark();
        Map<String, String> pages = new LinkedHashMap<>();
        benchmarks.keySet().forEach(b -> pages.put(b, "bench/" + Slugs.of(Slugs.shortName(b), b) + ".html"));

        List<BenchmarkPage.Chart> allCharts = new ArrayList<>();
        Map<String, List<BenchmarkPage.Chart>> chartsOf = new LinkedHashMap<>();
        benchmarks.forEach((b, series) -> {
            List<BenchmarkPage.Chart> charts = BenchmarkPage.charts(b, series, data.changesOf(b));
            chartsOf.put(b, charts);
            allCharts.addAll(charts);
        });
        List<GateTable.Chart> gateCharts = GateTable.charts(data.gates());
        int chartCount = allCharts.size() + gateCharts.size();
        Path chartDir = out.resolve("charts");
        for (int i = 0; i < allCharts.size(); i++) {
            TrendChart.write(allCharts.get(i).data(), chartDir, allCharts.get(i).baseName());
            progress.update("charts", i + 1, chartCount);
        }
        for (int i = 0; i < gateCharts.size(); i++) {
            GateTable.Chart c = gateCharts.get(i);
            ComparisonChart.write(c.metric().metric(), c.metric().unit(), c.baselineLabel(), c.baselineSamples(),
                    c.candidateLabel(), c.candidateSamples(), chartDir, c.baseName());
            progress.update("charts", allCharts.size() + i + 1, chartCount);
        }
        for (Map.Entry<String, List<BenchmarkPage.Chart>> e : chartsOf.entrySet()) {
            write(out.resolve(pages.get(e.getKey())),
                    BenchmarkPage.render(e.getKey(), e.getValue(), data.changesOf(e.getKey()), pages));
        }
        write(out.resolve("style.css"), styleSheet());
        Path index = out.resolve("index.html");
        Set<String> written = new HashSet<>();
        allCharts.forEach(c -> written.add(c.baseName()));
        gateCharts.forEach(c -> written.add(c.baseName()));
        write(index, IndexPage.render(data, pages, written));
        return new Summary(index, pages.size(), chartCount, data.changes().size(), data.problems().size());
    }

    static String styleSheet() {
        try (InputStream in = ReportSite.class.getResourceAsStream("style.css")) {
            if (in == null) {
                throw new IllegalStateException("style.css is missing from the results jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
