package org.jmalloc.results.chart;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.category.ScatterRenderer;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.statistics.DefaultMultiValueCategoryDataset;

/**
 * A gate's evidence at a glance: the baseline's and the candidate's fork samples side by side,
 * each as a box plot (median, quartiles, whiskers at the extremes) with every sample drawn as a point
 * over it.
 *
 * <pre>{@code
 * ChartFiles files = ComparisonChart.write("latency.avg", "ns/op",
 *         "baseline 3f2a9c1", baselineForkMeans, "candidate 9b0c1d2", candidateForkMeans,
 *         Path.of("target/gate"), "latency-avg");   // target/gate/latency-avg.png and .svg
 * }</pre>
 */
public final class ComparisonChart {

    /** Default size in pixels. */
    public static final int WIDTH = 560;
    public static final int HEIGHT = 420;

    private ComparisonChart() {
    }

    /**
     * Writes {@code directory/baseName.png} and {@code directory/baseName.svg}.
     *
     * @param metric          the metric's name, e.g. {@code latency.avg}
     * @param unit            its unit, e.g. {@code ns/op}
     * @param baselineLabel   e.g. {@code baseline 3f2a9c1}
     * @param baseline        the baseline's samples (at least one, all finite)
     * @param candidateLabel  e.g. {@code candidate 9b0c1d2}; must differ from the baseline's label
     * @param candidate       the candidate's samples (at least one, all finite)
     * @throws IllegalArgumentException when a sample set is empty or holds a non-finite value, or the labels are equal
     * @throws java.io.UncheckedIOException when a file cannot be written
     */
    public static ChartFiles write(String metric, String unit, String baselineLabel, double[] baseline,
                                   String candidateLabel, double[] candidate, Path directory, String baseName) {
        return ChartWriter.write(build(metric, unit, baselineLabel, baseline, candidateLabel, candidate),
                WIDTH, HEIGHT, directory, baseName);
    }

    /** The chart, for callers that draw it elsewhere; arguments as for {@link #write}. */
    public static JFreeChart build(String metric, String unit, String baselineLabel, double[] baseline,
                                   String candidateLabel, double[] candidate) {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(unit, "unit");
        if (Objects.equals(baselineLabel, candidateLabel)) {
            throw new IllegalArgumentException("baseline and candidate need different labels, both are '"
                    + baselineLabel + "'");
        }
        List<Double> base = samples(baselineLabel, baseline);
        List<Double> cand = samples(candidateLabel, candidate);

        DefaultBoxAndWhiskerCategoryDataset boxes = new DefaultBoxAndWhiskerCategoryDataset();
        boxes.add(base, "distribution", baselineLabel);
        boxes.add(cand, "distribution", candidateLabel);
        DefaultMultiValueCategoryDataset points = new DefaultMultiValueCategoryDataset();
        points.add(base, "samples", baselineLabel);
        points.add(cand, "samples", candidateLabel);

        BoxAndWhiskerRenderer boxRenderer = new BoxAndWhiskerRenderer();
        boxRenderer.setSeriesPaint(0, Palette.GRID);
        boxRenderer.setSeriesOutlinePaint(0, Palette.reference(0));
        boxRenderer.setUseOutlinePaintForWhiskers(true);
        boxRenderer.setMeanVisible(false);
        boxRenderer.setMaxOutlierVisible(false);
        boxRenderer.setMinOutlierVisible(false);
        boxRenderer.setMaximumBarWidth(0.25);
        ScatterRenderer pointRenderer = new ScatterRenderer();
        pointRenderer.setSeriesPaint(0, Palette.line(0));
        pointRenderer.setUseSeriesOffset(false);

        NumberAxis value = new NumberAxis(metric + " (" + unit + ")");
        value.setAutoRangeIncludesZero(false);
        value.setLabelFont(Palette.LABEL);
        CategoryAxis groups = new CategoryAxis();
        groups.setTickLabelFont(Palette.LABEL);
        CategoryPlot plot = new CategoryPlot(boxes, groups, value, boxRenderer);
        plot.setDataset(1, points);
        plot.setRenderer(1, pointRenderer);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setBackgroundPaint(Palette.BACKGROUND);
        plot.setRangeGridlinePaint(Palette.GRID);

        String title = metric + ": " + baselineLabel + " (n=" + base.size() + ") vs " + candidateLabel
                + " (n=" + cand.size() + ")";
        JFreeChart chart = new JFreeChart(title, Palette.TITLE, plot, false);
        chart.setBackgroundPaint(Palette.BACKGROUND);
        return chart;
    }

    private static List<Double> samples(String label, double[] values) {
        Objects.requireNonNull(label, "label");
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("'" + label + "' has no samples: a comparison chart needs at least one"
                    + " on each side");
        }
        List<Double> list = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("sample " + i + " of '" + label + "' is " + values[i]
                        + ": samples must be finite numbers");
            }
            list.add(values[i]);
        }
        return list;
    }
}
