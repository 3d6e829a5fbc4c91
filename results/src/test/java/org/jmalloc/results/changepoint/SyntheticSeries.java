package org.jmalloc.results.changepoint;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Seeded synthetic benchmark series: a level with Gaussian noise of a given coefficient of
 * variation, optionally with one step. Reproducible from the seed.
 */
final class SyntheticSeries {

    private final RandomGenerator random;

    SyntheticSeries(long seed) {
        this.random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    }

    /**
     * {@code length} points around {@code level}, each {@code level * (1 + cv * N(0,1))}; from
     * {@code stepAt} on (when {@code stepAt < length}) the level is {@code level * (1 + step)}.
     */
    double[] next(int length, double level, double cv, int stepAt, double step) {
        double[] series = new double[length];
        for (int i = 0; i < length; i++) {
            double mean = i < stepAt ? level : level * (1 + step);
            series[i] = mean * (1 + cv * random.nextGaussian());
        }
        return series;
    }

    /** A uniformly random int in [from, to). */
    int nextInt(int from, int to) {
        return random.nextInt(from, to);
    }
}
