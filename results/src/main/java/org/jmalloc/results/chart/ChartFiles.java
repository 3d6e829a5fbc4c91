package org.jmalloc.results.chart;

import java.nio.file.Path;

/**
 * The two files a chart was written to.
 *
 * @param png the raster image (for pages, mail, CI artifacts)
 * @param svg the same chart as SVG (scales without blur)
 */
public record ChartFiles(Path png, Path svg) {
}
