package org.jmalloc.results.chart;

import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.util.Locale;
import java.util.TimeZone;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * A metric over time: one line per hardware profile with its error band (the value plus and
 * minus the error), the anchors' figures as dashed horizontal lines labelled with their name and
 * figure (labels alternately at the right and the left end), and
 * each change point as a vertical line labelled with its commit. Times are shown in UTC. The value
 * axis covers every line, band and anchor.
 */
public final class TrendChart {

    /** Default size in pixels. */
    public static final int WIDTH = 860;
    public static final int HEIGHT = 400;

    private TrendChart() {
    }

    /** Writes {@code directory/baseName.png} and {@code .svg} at the default size. */
    public static ChartFiles write(TrendChartData data, Path directory, String baseName) {
        return ChartWriter.write(build(data), WIDTH, HEIGHT, directory, baseName);
    }

    /** The chart, for callers that draw it elsewhere. */
    public static JFreeChart build(TrendChartData data) {
        YIntervalSeriesCollection dataset = new YIntervalSeriesCollection();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (TrendChartData.Line line : data.lines()) {
            YIntervalSeries series = new YIntervalSeries(line.label(), false, true);
            for (TrendChartData.Point p : line.points()) {
                double error = Double.isFinite(p.error()) ? Math.abs(p.error()) : 0;
                series.add(p.time().toEpochMilli(), p.value(), p.value() - error, p.value() + error);
                lo = Math.min(lo, p.value() - error);
                hi = Math.max(hi, p.value() + error);
            }
            dataset.addSeries(series);
        }
        for (TrendChartData.Reference anchor : data.anchors()) {
            if (Double.isFinite(anchor.value())) {
                lo = Math.min(lo, anchor.value());
                hi = Math.max(hi, anchor.value());
            }
        }

        DateAxis time = new DateAxis("commit time (UTC)");
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd", Locale.ROOT);
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        time.setDateFormatOverride(format);
        time.setTimeZone(TimeZone.getTimeZone("UTC"));
        time.setLabelFont(Palette.LABEL);
        NumberAxis value = new NumberAxis(data.metric() + " (" + data.unit() + ")");
        value.setAutoRangeIncludesZero(false);
        value.setLabelFont(Palette.LABEL);
        double pad = hi > lo ? (hi - lo) * 0.08 : Math.max(Math.abs(hi) * 0.05, 1e-9);
        value.setRange(new Range(lo - pad, hi + pad));

        DeviationRenderer renderer = new DeviationRenderer(true, true);
        renderer.setAlpha(0.2f);
        for (int i = 0; i < data.lines().size(); i++) {
            renderer.setSeriesPaint(i, Palette.line(i));
            renderer.setSeriesFillPaint(i, Palette.line(i));
            renderer.setSeriesStroke(i, Palette.LINE);
        }

        XYPlot plot = new XYPlot(dataset, time, value, renderer);
        plot.setBackgroundPaint(Palette.BACKGROUND);
        plot.setDomainGridlinePaint(Palette.GRID);
        plot.setRangeGridlinePaint(Palette.GRID);
        for (int i = 0; i < data.anchors().size(); i++) {
            TrendChartData.Reference anchor = data.anchors().get(i);
            if (!Double.isFinite(anchor.value())) {
                continue;
            }
            ValueMarker marker = new ValueMarker(anchor.value(), Palette.reference(i), Palette.DASHED);
            marker.setLabel(anchor.label());
            marker.setLabelFont(Palette.LABEL);
            marker.setLabelPaint(Palette.reference(i));
            marker.setLabelBackgroundColor(Palette.LABEL_BACKGROUND);
            // Labels alternate between the right and the left end, so two anchors close together stay legible.
            boolean right = i % 2 == 0;
            marker.setLabelAnchor(right ? RectangleAnchor.TOP_RIGHT : RectangleAnchor.TOP_LEFT);
            marker.setLabelTextAnchor(right ? TextAnchor.BOTTOM_RIGHT : TextAnchor.BOTTOM_LEFT);
            plot.addRangeMarker(marker, Layer.BACKGROUND);
        }
        for (TrendChartData.Change change : data.changes()) {
            ValueMarker marker = new ValueMarker(change.time().toEpochMilli(), Palette.CHANGE, Palette.DASHED);
            marker.setLabel(change.label());
            marker.setLabelFont(Palette.LABEL);
            marker.setLabelPaint(Palette.CHANGE);
            marker.setLabelBackgroundColor(Palette.LABEL_BACKGROUND);
            marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(marker, Layer.FOREGROUND);
        }

        JFreeChart chart = new JFreeChart(data.title(), Palette.TITLE, plot, true);
        chart.setBackgroundPaint(Palette.BACKGROUND);
        return chart;
    }
}
