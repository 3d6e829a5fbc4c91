package org.jmalloc.results.model;

import java.util.Comparator;

/**
 * What one series follows over time: a metric of a benchmark with given parameters, for one implementation, on
 * one hardware profile. Figures from different machines are never mixed into one series.
 */
public record SeriesKey(String benchmark, Params params, String metric, String implementation,
        String hardwareProfile) implements Comparable<SeriesKey> {

    private static final Comparator<SeriesKey> ORDER = Comparator.comparing(SeriesKey::benchmark)
            .thenComparing(SeriesKey::params)
            .thenComparing(SeriesKey::metric)
            .thenComparing(SeriesKey::implementation)
            .thenComparing(SeriesKey::hardwareProfile);

    @Override
    public int compareTo(SeriesKey o) {
        return ORDER.compare(this, o);
    }

    /** A readable one-line name, e.g. {@code MallocFreeLatencyBenchmark.mallocFree [size=00064] latency.avg jmalloc @ hw-1a2b}. */
    @Override
    public String toString() {
        return benchmark + (params.values().isEmpty() ? "" : " [" + params.canonical() + "]") + " " + metric + " "
                + implementation + (hardwareProfile.isEmpty() ? "" : " @ " + hardwareProfile);
    }
}
