package org.jmalloc.lab.core.jmh;

import java.util.List;
import java.util.Map;

/**
 * One metric of a JMH result as JMH wrote it: the aggregate score and, per fork and iteration, the data it came from.
 *
 * @param score the score (NaN when JMH wrote {@code "NaN"})
 * @param error the half-width of JMH's 99.9 % confidence interval (NaN when there were too few samples)
 * @param unit e.g. {@code ns/op}, {@code ops/s}, {@code B/op}
 * @param percentiles percentiles of the score by JMH's key ({@code "50.0"}, {@code "99.9"}, ...), empty if absent;
 *     in sample mode over every sample, in the other modes over the iteration scores
 * @param rawData per fork, the score of each measured iteration ({@code rawData}); empty when JMH wrote histograms
 *     instead, or nothing
 * @param histograms per fork, the samples of each measured iteration (sample mode's {@code rawDataHistogram}); empty
 *     in the other modes
 */
public record JmhMetric(double score, double error, String unit, Map<String, Double> percentiles,
        List<List<Double>> rawData, List<List<SampleHistogram>> histograms) {

    public JmhMetric {
        percentiles = Map.copyOf(percentiles);
        rawData = rawData.stream().map(List::copyOf).toList();
        histograms = histograms.stream().map(List::copyOf).toList();
    }

    /** A metric with a score only, no percentiles and no raw data. */
    public static JmhMetric ofScore(double score, double error, String unit) {
        return new JmhMetric(score, error, unit, Map.of(), List.of(), List.of());
    }

    /**
     * The percentile under JMH's key, e.g. {@code "99.9"}.
     *
     * @throws IllegalArgumentException when the result has no such percentile
     */
    public double percentile(String key) {
        Double value = percentiles.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no percentile " + key + " in " + percentiles.keySet());
        }
        return value;
    }

    /** How many forks the raw data covers (0 when there is none). */
    public int forks() {
        return Math.max(rawData.size(), histograms.size());
    }

    /**
     * Whether per-fork data is there for every fork ({@link #forkMeans()} works). JMH writes a secondary metric that
     * a profiler reports only in some iterations (for example {@code gc.time}, only where a collection ran) with an
     * empty list for a fork in which it never came: such a metric has its score but no per-fork data.
     */
    public boolean hasForkData() {
        if (forks() == 0) {
            return false;
        }
        return histograms.isEmpty() ? rawData.stream().noneMatch(List::isEmpty)
                : histograms.stream().noneMatch(List::isEmpty);
    }

    /**
     * Each fork's own score, in fork order: the mean of its iterations' scores, or in sample mode the mean of all its
     * samples. Forks are the independent observations of a JMH run (each a fresh JVM with its own JIT decisions and
     * memory layout); iterations of one fork are not, which is why comparisons of two builds count forks.
     *
     * @throws IllegalStateException when the metric has no per-fork data, or a fork has no iteration
     */
    public double[] forkMeans() {
        requireForkData();
        double[] means = new double[forks()];
        for (int f = 0; f < means.length; f++) {
            if (!histograms.isEmpty()) {
                means[f] = merged(f).mean();
            } else {
                List<Double> iterations = rawData.get(f);
                if (iterations.isEmpty()) {
                    throw new IllegalStateException("fork " + (f + 1) + " has no measured iteration");
                }
                double sum = 0;
                for (double v : iterations) {
                    sum += v;
                }
                means[f] = sum / iterations.size();
            }
        }
        return means;
    }

    /**
     * Each fork's percentile of its pooled samples (nearest rank, see {@link SampleHistogram#percentile}), in fork
     * order.
     *
     * @throws IllegalStateException when the metric has no histograms (it is not a sample-mode primary metric)
     */
    public double[] forkPercentiles(double percentile) {
        if (histograms.isEmpty()) {
            throw new IllegalStateException("no sample histograms: per-fork percentiles exist only in sample mode");
        }
        double[] values = new double[histograms.size()];
        for (int f = 0; f < values.length; f++) {
            values[f] = merged(f).percentile(percentile);
        }
        return values;
    }

    /** Every sample of one fork (0-based), pooled over its iterations. */
    public SampleHistogram forkHistogram(int fork) {
        if (fork < 0 || fork >= histograms.size()) {
            throw new IllegalArgumentException("no histogram for fork index " + fork + " (" + histograms.size()
                    + " forks with histograms)");
        }
        return merged(fork);
    }

    private SampleHistogram merged(int fork) {
        List<SampleHistogram> iterations = histograms.get(fork);
        if (iterations.isEmpty()) {
            throw new IllegalStateException("fork " + (fork + 1) + " has no measured iteration");
        }
        return SampleHistogram.merge(iterations);
    }

    private void requireForkData() {
        if (!hasForkData()) {
            throw new IllegalStateException("no per-fork raw data for every fork (JMH's rawData or rawDataHistogram"
                    + " is missing, or empty for a fork)");
        }
    }
}
