package org.jmalloc.results.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrendChartTest {

    @TempDir
    Path dir;

    static TrendChartData sample() {
        Instant t0 = Instant.parse("2025-01-01T02:00:00Z");
        List<TrendChartData.Point> a = new ArrayList<>();
        List<TrendChartData.Point> b = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Instant t = t0.plus(Duration.ofDays(i));
            a.add(new TrendChartData.Point(t, i < 12 ? 20 + (i % 3) * 0.2 : 24 + (i % 2) * 0.2, 0.5));
            b.add(new TrendChartData.Point(t, 30 + (i % 4) * 0.3, Double.NaN));
        }
        return new TrendChartData("MallocFreeLatencyBenchmark.mallocFree [size=00064]", "latency.avg", "ns/op",
                List.of(new TrendChartData.Line("hw-amd64-2c", a), new TrendChartData.Line("hw-arm64-8c", b)),
                List.of(new TrendChartData.Reference("jemalloc 18.5", 18.5), new TrendChartData.Reference("glibc 35", 35)),
                List.of(new TrendChartData.Change(t0.plus(Duration.ofDays(12)), "3f2a9c1")));
    }

    @Test
    void write_producesAPngOfTheDefaultSizeAndAnSvgWithEveryLabel() throws Exception {
        ChartFiles files = TrendChart.write(sample(), dir, "latency");
        BufferedImage png = ImageIO.read(files.png().toFile());
        assertEquals(TrendChart.WIDTH, png.getWidth());
        assertEquals(TrendChart.HEIGHT, png.getHeight());
        assertTrue(countPixels(png, Palette.CHANGE) > 50, "the change marker is drawn");
        String svg = Files.readString(files.svg());
        for (String text : List.of("3f2a9c1", "jemalloc 18.5", "glibc 35", "hw-amd64-2c", "hw-arm64-8c",
                "commit time (UTC)", "MallocFreeLatencyBenchmark.mallocFree [size=00064]")) {
            assertTrue(svg.contains(text), "the SVG shows '" + text + "'");
        }
    }

    @Test
    void sameData_givesTheSameSvg() throws Exception {
        String first = Files.readString(TrendChart.write(sample(), dir.resolve("a"), "c").svg());
        String second = Files.readString(TrendChart.write(sample(), dir.resolve("b"), "c").svg());
        assertEquals(first, second);
    }

    @Test
    void singlePointAndNoAnchors_stillDraw() throws Exception {
        TrendChartData one = new TrendChartData("one", "throughput", "ops/s",
                List.of(new TrendChartData.Line("hw", List.of(
                        new TrendChartData.Point(Instant.EPOCH, 5e6, 0)))), List.of(), List.of());
        assertTrue(ImageIO.read(TrendChart.write(one, dir, "one").png().toFile()).getWidth() > 0);
    }

    @Test
    void noLineOrEmptyLineOrNonFiniteValue_isRefusedSayingWhat() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new TrendChartData("t", "m", "u", List.of(), List.of(), List.of())).getMessage()
                .contains("at least one line"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new TrendChartData("t", "m", "u", List.of(new TrendChartData.Line("hw", List.of())), List.of(),
                        List.of())).getMessage().contains("'hw'"));
        assertThrows(IllegalArgumentException.class,
                () -> new TrendChartData.Point(Instant.EPOCH, Double.NaN, 0));
    }

    /** Pixels within 40 per channel of the colour (antialiasing blends line edges). */
    static int countPixels(BufferedImage image, Color colour) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                Color c = new Color(image.getRGB(x, y));
                if (Math.abs(c.getRed() - colour.getRed()) < 40 && Math.abs(c.getGreen() - colour.getGreen()) < 40
                        && Math.abs(c.getBlue() - colour.getBlue()) < 40) {
                    n++;
                }
            }
        }
        return n;
    }
}
