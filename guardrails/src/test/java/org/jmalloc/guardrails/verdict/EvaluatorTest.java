package org.jmalloc.guardrails.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jmalloc.guardrails.config.Thresholds;
import org.junit.jupiter.api.Test;

/**
 * The decision rule on seeded synthetic fork samples with known shifts and noise: lognormal fork means with a 3 %
 * fork-to-fork spread (what pinned forks show here), a JIT-bimodal outlier now and then, six noisy metrics per gate
 * run as in the quick gate.
 */
class EvaluatorTest {

    private static final Thresholds RULES = Thresholds.builtIn();
    private static final String LATENCY = "org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree";
    private static final String BATCH =
            "org.jmalloc.benchmarks.latency.BatchAllocFreeLatencyBenchmark.allocateThenFreeShuffled";
    private static final String STEADY =
            "org.jmalloc.benchmarks.latency.SteadyStateReplaceLatencyBenchmark.replaceRandomBlock";
    private static final String FREE = "org.jmalloc.benchmarks.footprint.FreeEverythingFootprintBenchmark.freeThenPurge";
    private static final String FRAGMENTATION =
            "org.jmalloc.benchmarks.footprint.FragmentationFootprintBenchmark.fragment";

    @Test
    void unchangedTreesRarelyFail() {
        SplittableRandom random = new SplittableRandom(1);
        int runs = 200;
        int failed = 0;
        int inconclusive = 0;
        for (int r = 0; r < runs; r++) {
            Outcome o = Outcome.of(evaluate(random, 1.0, 1.0, 16, r));
            failed += o == Outcome.REGRESSION ? 1 : 0;
            inconclusive += o == Outcome.INCONCLUSIVE ? 1 : 0;
        }
        // Holm at 1 % over six metrics: at most 1 % of runs may raise a false regression; allow sampling error.
        assertTrue(failed <= 0.02 * runs, failed + " of " + runs + " A/A runs failed");
        assertTrue(inconclusive <= 0.02 * runs, inconclusive + " of " + runs + " A/A runs were inconclusive");
    }

    @Test
    void aTenPercentSlowdownOfOneMetricIsRejected() {
        assertRejected(1.10, 10, 0.95);
    }

    @Test
    void aFivePercentSlowdownIsRejectedAtTheForkBudget() {
        assertRejected(1.05, 24, 0.80);
    }

    /** A run is rejected when the slowed metric is not PASS (a REGRESSION, or INCONCLUSIVE failing closed). */
    private static void assertRejected(double slowdown, int forks, double power) {
        SplittableRandom random = new SplittableRandom(2);
        int runs = 100;
        int rejected = 0;
        int regressions = 0;
        for (int r = 0; r < runs; r++) {
            Verdict v = evaluate(random, slowdown, 1.0, forks, r).getFirst().verdict();
            rejected += v != Verdict.PASS ? 1 : 0;
            regressions += v == Verdict.REGRESSION ? 1 : 0;
        }
        assertTrue(rejected >= power * runs, rejected + " of " + runs + " runs rejected a " + slowdown
                + " slowdown (" + regressions + " as REGRESSION)");
    }

    @Test
    void aTenPercentSpeedupIsAnImprovementNotARegression() {
        SplittableRandom random = new SplittableRandom(3);
        List<MetricVerdict> v = evaluate(random, 0.90, 1.0, 10, 0);
        assertEquals(Verdict.IMPROVEMENT, v.getFirst().verdict(), v.getFirst().explanation());
        assertEquals(Outcome.PASS, Outcome.of(v));
    }

    @Test
    void aSmallRealChangeWellInsideTheThresholdPasses() {
        double[] b = {10.00, 10.01, 9.99, 10.02, 9.98, 10.00, 10.01, 9.99, 10.00, 10.02};
        double[] c = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            c[i] = b[i] * 1.01;
        }
        MetricVerdict v = new Evaluator(RULES, 1000, 5).evaluate(List.of(
                new Observation("MallocFree", LATENCY, "latency.min.cpu", "ns/op", b, c))).getFirst();
        assertEquals(Verdict.PASS, v.verdict(), v.explanation());
        assertTrue(v.pAdjusted() < 0.01, "the 1 % shift is significant: " + v.explanation());
        assertTrue(v.explanation().endsWith("significant but within the 5% threshold"),
                v.explanation());
    }

    @Test
    void aLargeButInsignificantChangeNeedsMoreForks() {
        double[] b = {10, 12, 9};
        double[] c = {11, 12.5, 10.5};
        MetricVerdict v = new Evaluator(RULES, 1000, 5).evaluate(List.of(
                new Observation("MallocFree", LATENCY, "latency.min.cpu", "ns/op", b, c))).getFirst();
        assertEquals(Verdict.INCONCLUSIVE, v.verdict(), v.explanation());
        assertTrue(v.explanation().endsWith("more forks needed"), v.explanation());
    }

    @Test
    void throughputRegressesWhenItDrops() {
        SplittableRandom random = new SplittableRandom(4);
        double[] b = lognormal(random, 10, 40, 0.03);
        double[] c = lognormal(random, 10, 40 * 0.88, 0.03);
        MetricVerdict v = new Evaluator(RULES, 1000, 1).evaluate(List.of(new Observation("Larson",
                "org.jmalloc.benchmarks.throughput.LarsonServerThroughputBenchmark.run", "throughput", "ops/us",
                b, c))).getFirst();
        assertEquals(Verdict.REGRESSION, v.verdict(), v.explanation());
    }

    @Test
    void deterministicMetricsAreComparedDirectly() {
        List<MetricVerdict> v = new Evaluator(RULES, 1000, 1).evaluate(List.of(
                det("work.malloc_slow", 0.02, 0.0202),          // +1 %: reaches the 1 % bound
                det("work.lock_acquisitions", 0.02, 0.02019),        // +0.95 %: within
                det("footprint.rss_over_live", 1.30, 1.3261), // +2 %: reaches 2 %
                det("gc.alloc.rate.norm", 0.003, 8.2),        // +8.197 B/op: reaches 8 B/op
                det("stats.metadata_ratio", 0.0150, 0.0169),  // +0.19 points: within 0.2
                det("stress.violations", 0, 1),               // any violation
                det("work.cache_fills", 0.05, 0.04)));         // -20 %: improvement
        assertEquals(List.of(Verdict.REGRESSION, Verdict.PASS, Verdict.REGRESSION, Verdict.REGRESSION, Verdict.PASS,
                Verdict.REGRESSION, Verdict.IMPROVEMENT), v.stream().map(MetricVerdict::verdict).toList());
        assertEquals("0.02000 -> 0.02020 1/op (+1.0%): reaches the 1% threshold (every fork of each side alike:"
                + " compared exactly)", v.get(0).explanation());
    }

    @Test
    void aOnePercentChangeOfAnExactWorkCountIsARegressionEveryTime() {
        // Work counts per operation of a fixed sequence: count / ops, the same in every fork. Any level, 2 to 16 forks.
        SplittableRandom random = new SplittableRandom(3);
        for (int r = 0; r < 500; r++) {
            double v = (1 + random.nextInt(100_000)) / (double) (1 << (10 + random.nextInt(10)));
            int forks = 2 + random.nextInt(15);
            double[] b = new double[forks];
            double[] c = new double[forks];
            java.util.Arrays.fill(b, v);
            java.util.Arrays.fill(c, v * 1.01);
            List<MetricVerdict> verdicts = new Evaluator(RULES, 200, r).evaluate(List.of(
                    new Observation("Batch", BATCH, "work.cache_fills", "1/op", b, c),
                    new Observation("Batch", BATCH, "work.cache_flushes", "1/op", b, b.clone())));
            assertEquals(Verdict.REGRESSION, verdicts.get(0).verdict(), verdicts.get(0).explanation());
            assertEquals(Verdict.PASS, verdicts.get(1).verdict(), verdicts.get(1).explanation());
        }
    }

    @Test
    void aVaryingDeterministicMetricIsTestedNotComparedExactly() {
        // Steady-state cache fills per op as two forks of a timed iteration measured them (1.7 % apart). Three forks a
        // side whose every candidate is worse than every baseline: the old rule called that a regression, but it
        // happens in 1 of 20 A/A splits; with 3 forks a side no rank test reaches 99 %, so it needs more forks.
        Observation separated = new Observation("SteadyState", STEADY, "work.cache_fills", "1/op",
                new double[] {0.002012, 0.002030, 0.002047}, new double[] {0.002050, 0.002055, 0.002060});
        MetricVerdict v = new Evaluator(RULES, 1000, 1).evaluate(List.of(separated)).getFirst();
        assertEquals(Verdict.INCONCLUSIVE, v.verdict(), v.explanation());
        assertTrue(v.explanation().startsWith("varies between forks of one build"), v.explanation());
        assertTrue(Double.isFinite(v.pValue()), "a varying deterministic metric is tested: " + v.explanation());
        // Twelve forks a side, shifted by 3 % against a 0.5 % spread: significant and beyond 1 %.
        SplittableRandom random = new SplittableRandom(4);
        Observation shifted = new Observation("SteadyState", STEADY, "work.cache_fills", "1/op",
                lognormal(random, 12, 0.00203, 0.005), lognormal(random, 12, 0.00203 * 1.03, 0.005));
        MetricVerdict r = new Evaluator(RULES, 1000, 1).evaluate(List.of(shifted)).getFirst();
        assertEquals(Verdict.REGRESSION, r.verdict(), r.explanation());
    }

    @Test
    void varyingDeterministicMetricsRaiseAtMostOnePercentFalseRegressionsOnAa() {
        // A quick gate's worth of metrics drawn from one build: six noisy latency rows (8 forks), and the footprint
        // figures at the gate's 3 forks a side, each varying as measured here: resident after purge between two
        // levels (0.011 and 0.038 of the peak), the fragmentation ratio with a small jitter, and work counts of a
        // timed iteration (1-2 % apart) at 8 forks. Under the old rule each of these raised a false regression in
        // 1 of C(2n, n) splits: 5 % a metric at 3 forks.
        SplittableRandom random = new SplittableRandom(5);
        int runs = 2000;
        int regressions = 0;
        for (int r = 0; r < runs; r++) {
            List<Observation> obs = new ArrayList<>();
            for (int m = 0; m < 6; m++) {
                obs.add(new Observation("bench" + m, LATENCY, "latency.min.cpu", "ns/op",
                        bimodal(random, 8, 10 + 5 * m, 1.0), bimodal(random, 8, 10 + 5 * m, 1.0)));
            }
            obs.add(new Observation("FreeEverything", FREE, "footprint.resident_after_purge", "ratio",
                    twoLevels(random, 3), twoLevels(random, 3)));
            obs.add(new Observation("Fragmentation", FRAGMENTATION, "footprint.rss_over_live", "ratio",
                    lognormal(random, 3, 1.99, 0.002), lognormal(random, 3, 1.99, 0.002)));
            obs.add(new Observation("SteadyState", STEADY, "work.cache_fills", "1/op",
                    lognormal(random, 8, 0.00203, 0.01), lognormal(random, 8, 0.00203, 0.01)));
            Outcome o = Outcome.of(new Evaluator(RULES, 200, r).evaluate(obs));
            regressions += o == Outcome.REGRESSION ? 1 : 0;
        }
        assertTrue(regressions <= 0.01 * runs, regressions + " of " + runs + " A/A runs raised a REGRESSION");
    }

    /** Forks that land on one of two levels, as resident-after-purge did (0.011 or 0.038 of the peak). */
    private static double[] twoLevels(SplittableRandom random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (random.nextBoolean() ? 0.011 : 0.038) * (1 + 0.01 * random.nextDouble());
        }
        return x;
    }

    @Test
    void unguardedMetricsAreLeftOut() {
        List<MetricVerdict> v = new Evaluator(RULES, 1000, 1).evaluate(List.of(
                new Observation("x", "x", "gc.count", "counts", new double[] {1}, new double[] {2})));
        assertTrue(v.isEmpty());
    }

    private static Observation det(String metric, double b, double c) {
        String bench = metric.startsWith("footprint.")
                ? "org.jmalloc.benchmarks.footprint.FragmentationFootprintBenchmark.run"
                : "org.jmalloc.benchmarks.latency.BatchAllocFreeLatencyBenchmark.run";
        return new Observation("Batch", bench, metric,
                metric.startsWith("gc") ? "B/op" : "1/op", new double[] {b, b, b}, new double[] {c, c, c});
    }

    /** Six noisy latency metrics; the first is scaled by {@code first}, the others by {@code others}. */
    private static List<MetricVerdict> evaluate(SplittableRandom random, double first, double others, int forks,
            long seed) {
        List<Observation> observations = new ArrayList<>();
        for (int m = 0; m < 6; m++) {
            double shift = m == 0 ? first : others;
            double level = 10 + 5 * m;
            observations.add(new Observation("bench" + m, LATENCY, "latency.min.cpu", "ns/op",
                    bimodal(random, forks, level, 1.0), bimodal(random, forks, level, shift)));
        }
        return new Evaluator(RULES, 200, seed).evaluate(observations);
    }

    /** Lognormal forks with a 3 % spread; one fork in 20 lands 25 % slower (a JIT-bimodal fork). */
    private static double[] bimodal(SplittableRandom random, int n, double level, double shift) {
        double[] x = lognormal(random, n, level * shift, 0.03);
        for (int i = 0; i < n; i++) {
            if (random.nextInt(20) == 0) {
                x[i] *= 1.25;
            }
        }
        return x;
    }

    private static double[] lognormal(SplittableRandom random, int n, double level, double cv) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double u = 1 - random.nextDouble();
            double g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
            x[i] = level * Math.exp(cv * g);
        }
        return x;
    }
}
