package org.jmalloc.lab.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jmalloc.guardrails.config.Thresholds;
import org.jmalloc.guardrails.verdict.Evaluator;
import org.jmalloc.guardrails.verdict.GateResult;
import org.jmalloc.guardrails.verdict.MetricVerdict;
import org.jmalloc.guardrails.verdict.Observation;
import org.jmalloc.guardrails.verdict.Verdict;
import org.jmalloc.results.chart.ChartFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateChartsTest {

    private static final String FRAG = "org.jmalloc.benchmarks.footprint.FragmentationFootprintBenchmark.run";

    /**
     * A noisy metric gets a chart whether it passed or not, a deterministic one only when it did not pass; every PNG
     * is a readable image of the chart's size and every SVG an SVG document. An A/A gate (both sides one commit) still
     * gets two distinct labels.
     */
    @Test
    void chartsForNoisyMetricsAndForEveryMetricThatDidNotPass(@TempDir Path dir) throws Exception {
        List<Observation> observations = new ArrayList<>(GateObservations.fastPath());
        observations.add(new Observation("FragmentationFootprint", FRAG, "footprint.rss_over_live", "ratio",
                new double[] {1.25, 1.25, 1.25}, new double[] {1.31, 1.31, 1.31}));
        List<MetricVerdict> v = new Evaluator(Thresholds.builtIn(), 1000, 42).evaluate(observations);
        assertEquals(List.of(Verdict.REGRESSION, Verdict.PASS, Verdict.PASS, Verdict.REGRESSION),
                v.stream().map(MetricVerdict::verdict).toList());
        GateResult r = new GateResult("3f2a1c0 (HEAD)", "3f2a1c0", "quick", "test", 42, v, List.of(), 1);
        List<ChartFiles> files = GateCharts.write(r, dir);
        assertEquals(List.of("mallocfreelatency-size-00064--latency-min-cpu.png",
                "mallocfreelatency-size-01024--latency-min-cpu.png",
                "fragmentationfootprint--footprint-rss-over-live.png"),
                files.stream().map(f -> f.png().getFileName().toString()).toList());
        for (ChartFiles f : files) {
            BufferedImage image = ImageIO.read(f.png().toFile());
            assertTrue(image != null && image.getWidth() > 100 && image.getHeight() > 100, f.png() + " is no image");
            assertTrue(Files.readString(f.svg()).contains("<svg"), f.svg() + " is no SVG");
        }
    }
}
