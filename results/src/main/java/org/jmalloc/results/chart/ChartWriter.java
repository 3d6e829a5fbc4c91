package org.jmalloc.results.chart;

import java.awt.Rectangle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/**
 * Writes a chart as PNG and SVG. Each file is written to a temporary sibling and renamed into
 * place, so a reader never sees half a file. The SVG's definition ids have a fixed prefix, so the
 * same chart gives the same SVG text.
 *
 * <p>Charts are drawn headless: the first use sets {@code java.awt.headless=true} unless the
 * property is already set (AWT reads it once, when it starts).
 */
final class ChartWriter {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ChartWriter() {
    }

    /**
     * Writes {@code directory/baseName.png} and {@code directory/baseName.svg}, creating the
     * directory.
     *
     * @throws UncheckedIOException naming the file that could not be written
     */
    static ChartFiles write(JFreeChart chart, int width, int height, Path directory, String baseName) {
        Path png = directory.resolve(baseName + ".png");
        Path svg = directory.resolve(baseName + ".svg");
        try {
            Files.createDirectories(directory);
            Path tmpPng = Files.createTempFile(directory, "." + baseName, ".png.tmp");
            try {
                ChartUtils.saveChartAsPNG(tmpPng.toFile(), chart, width, height);
                Files.move(tmpPng, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmpPng);
            }
            SVGGraphics2D g = new SVGGraphics2D(width, height);
            g.setDefsKeyPrefix("jmalloc");
            chart.draw(g, new Rectangle(0, 0, width, height));
            Path tmpSvg = Files.createTempFile(directory, "." + baseName, ".svg.tmp");
            try {
                Files.writeString(tmpSvg, g.getSVGDocument());
                Files.move(tmpSvg, svg, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmpSvg);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chart " + png + " / " + svg + ": " + e.getMessage(), e);
        }
        return new ChartFiles(png, svg);
    }
}
