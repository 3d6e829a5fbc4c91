package org.jmalloc.lab.core.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The times one sample-mode iteration recorded, as JMH's {@code rawDataHistogram} writes them: distinct values, each
 * with how often it was seen, in increasing order of value.
 *
 * @param bins the values and their counts in increasing order of value (the constructor sorts them and adds up the
 *     counts of equal values), every count at least 1
 */
public record SampleHistogram(List<Bin> bins) {

    /**
     * A value and how many samples had it.
     *
     * @param value the measured time, in the metric's unit
     * @param count how many samples, at least 1
     */
    public record Bin(double value, long count) {
    }

    /** @throws IllegalArgumentException when a count is below 1 or a value is NaN */
    public SampleHistogram {
        TreeMap<Double, Long> counts = new TreeMap<>();
        for (Bin b : bins) {
            if (b.count() < 1) {
                throw new IllegalArgumentException("count " + b.count() + " of value " + b.value() + " is below 1");
            }
            if (Double.isNaN(b.value())) {
                throw new IllegalArgumentException("a value is NaN");
            }
            counts.merge(b.value(), b.count(), Long::sum);
        }
        List<Bin> sorted = new ArrayList<>(counts.size());
        counts.forEach((value, count) -> sorted.add(new Bin(value, count)));
        bins = List.copyOf(sorted);
    }

    /** The histograms pooled: every sample of each. */
    public static SampleHistogram merge(List<SampleHistogram> histograms) {
        List<Bin> all = new ArrayList<>();
        histograms.forEach(h -> all.addAll(h.bins));
        return new SampleHistogram(all);
    }

    /** How many samples. */
    public long count() {
        long n = 0;
        for (Bin b : bins) {
            n += b.count();
        }
        return n;
    }

    /** The mean of the samples (NaN when there are none), which is how JMH scores sample mode. */
    public double mean() {
        double sum = 0;
        for (Bin b : bins) {
            sum += b.value() * b.count();
        }
        return sum / count();
    }

    /**
     * The nearest-rank percentile: the smallest value such that at least {@code percentile}% of the samples are at or
     * below it; 0 gives the minimum, 100 the maximum. JMH interpolates between neighbouring samples instead, so the two
     * differ by less than the distance between adjacent values of the histogram.
     *
     * @throws IllegalArgumentException when {@code percentile} is not between 0 and 100
     * @throws IllegalStateException when the histogram is empty
     */
    public double percentile(double percentile) {
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile " + percentile + " is not between 0 and 100");
        }
        if (bins.isEmpty()) {
            throw new IllegalStateException("no samples");
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100 * count()));
        long seen = 0;
        for (Bin b : bins) {
            seen += b.count();
            if (seen >= rank) {
                return b.value();
            }
        }
        return bins.getLast().value();
    }
}
