package org.jmalloc.results.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonChartTest {

    @TempDir
    Path dir;

    private final double[] baseline = {20.1, 20.4, 19.8, 20.0, 20.3};
    private final double[] candidate = {21.5, 21.9, 21.2, 21.7, 22.0};

    @Test
    void write_drawsBothSampleSetsWithTheirLabelsAndSizes() throws Exception {
        ChartFiles files = ComparisonChart.write("latency.avg", "ns/op", "baseline 3f2a9c1", baseline,
                "candidate 9b0c1d2", candidate, dir, "gate-latency");
        assertEquals(dir.resolve("gate-latency.png"), files.png());
        BufferedImage png = ImageIO.read(files.png().toFile());
        assertEquals(ComparisonChart.WIDTH, png.getWidth());
        assertTrue(TrendChartTest.countPixels(png, (java.awt.Color) Palette.line(0)) > 20,
                "the samples are drawn as points");
        String svg = Files.readString(files.svg());
        for (String text : new String[] {"baseline 3f2a9c1", "candidate 9b0c1d2", "latency.avg: baseline 3f2a9c1 (n=5) vs candidate 9b0c1d2 (n=5)"}) {
            assertTrue(svg.contains(text), "the SVG shows '" + text + "'");
        }
    }

    @Test
    void emptyOrNonFiniteSamplesOrEqualLabels_areRefusedSayingWhich() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> ComparisonChart.build("m", "u", "base", new double[0], "cand", candidate));
        assertTrue(empty.getMessage().contains("'base' has no samples"), empty.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> ComparisonChart.build("m", "u", "base", baseline, "cand", new double[] {1, Double.NaN}));
        assertTrue(nan.getMessage().contains("sample 1 of 'cand'"), nan.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ComparisonChart.build("m", "u", "same", baseline, "same", candidate));
    }
}
