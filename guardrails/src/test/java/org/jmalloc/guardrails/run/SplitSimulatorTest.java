package org.jmalloc.guardrails.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.jmalloc.guardrails.config.Thresholds;
import org.junit.jupiter.api.Test;

/** The calibration's split simulation on seeded synthetic pools with a known slowdown. */
class SplitSimulatorTest {

    private static final String FAST = "org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree";
    private static final String BATCH = "org.jmalloc.benchmarks.latency.BatchAllocFreeLatencyBenchmark.run";
    private static final String FRAGMENTATION =
            "org.jmalloc.benchmarks.footprint.FragmentationFootprintBenchmark.fragment";

    @Test
    void rejectsFewAaSplitsAndMostSplitsAgainstATenPercentSlowdown() {
        SplitSimulator sim = new SplitSimulator(Thresholds.builtIn(), 8, 4, 16, 200);
        ForkPool pool = pool(new SplittableRandom(1), 32, 1.0);
        SplitSimulator.Rates aa = sim.aa(pool, 100, 7, UnaryOperator.identity());
        assertEquals(100, aa.splits());
        assertEquals(16, aa.forksPerSide());
        assertTrue(aa.rate() <= 0.05, "A/A rejected " + aa.rejected() + " of 100");
        ForkPool slowed = pool(new SplittableRandom(2), 16, 1.10);
        SplitSimulator.Rates power = sim.power(pool, slowed, Set.of("MallocFreeLatency size=00064"), 100, 7);
        assertTrue(power.rate() >= 0.9, "a 10 % slowdown was rejected in only " + power.rejected() + " of 100");
        double[] ci = power.interval(0.95);
        assertTrue(ci[0] <= power.rate() && power.rate() <= ci[1]);
    }

    @Test
    void aOnePercentChangeOfAWorkCountIsCaughtEverySplit() {
        SplitSimulator sim = new SplitSimulator(Thresholds.builtIn(), 8, 4, 16, 200);
        ForkPool pool = pool(new SplittableRandom(3), 32, 1.0);
        ForkPool.Key work = new ForkPool.Key("BatchAllocFreeLatency", BATCH, "work.malloc_slow", "1/op");
        SplitSimulator.Rates r = sim.aa(pool, 50, 3, run -> {
            java.util.Map<ForkPool.Key, Double> copy = new java.util.HashMap<>(run);
            copy.computeIfPresent(work, (k, v) -> v * 1.01);
            return copy;
        });
        assertEquals(50, r.rejected());
        assertEquals(50, r.regressions());
        assertEquals(java.util.Map.of("BatchAllocFreeLatency work.malloc_slow", 50), r.regressionsBy());
    }

    @Test
    void footprintSeriesGetTheGatesThreeForksASide() {
        SplitSimulator sim = new SplitSimulator(Thresholds.builtIn(), 8, 4, 16, 200);
        SplittableRandom random = new SplittableRandom(4);
        ForkPool pool = new ForkPool();
        for (int r = 0; r < 32; r++) {
            pool.add(List.of(new Measurement("FragmentationFootprint", FRAGMENTATION, "footprint.rss_over_live",
                    "ratio", 1.99 * (1 + 0.001 * gaussian(random)))));
        }
        List<org.jmalloc.guardrails.verdict.MetricVerdict> v = sim.gate(pool.runs().subList(0, 16),
                pool.runs().subList(16, 32), 1);
        assertEquals(GateRunner.FOOTPRINT_ROUNDS, v.getFirst().baselineForks(), v.getFirst().explanation());
        assertEquals(GateRunner.FOOTPRINT_ROUNDS, v.getFirst().candidateForks(), v.getFirst().explanation());
    }

    @Test
    void pairedSplitsKeepASlowPhaseOnBothSidesOfTheRoundsItSpans() {
        SplitSimulator sim = new SplitSimulator(Thresholds.builtIn(), 8, 4, 16, 200);
        SplittableRandom random = new SplittableRandom(5);
        // 16 rounds of two runs each; the machine's speed drifts between rounds by up to 2x and holds within one.
        ForkPool pool = new ForkPool();
        double[] phases = new double[16];
        for (int i = 0; i < phases.length; i++) {
            phases[i] = 1 + random.nextDouble();
        }
        for (int r = 0; r < 32; r++) {
            pool.add(run(random, phases[r / 2], 1.0, 0.002));
        }
        SplitSimulator.Rates paired = sim.aaPaired(pool, 100, 9);
        SplitSimulator.Rates shuffled = sim.aa(pool, 100, 9, UnaryOperator.identity());
        assertEquals(16, paired.forksPerSide());
        assertEquals(0, paired.rejected(), "paired A/A: each round's drift is on both sides: " + paired);
        assertTrue(shuffled.rate() >= 0.05, "shuffled A/A rejected " + shuffled.rejected() + " of 100: shuffling runs"
                + " moves slow rounds to one side");
    }

    @Test
    void pairedPowerComparesRunsOfTheSameRound() {
        SplitSimulator sim = new SplitSimulator(Thresholds.builtIn(), 8, 4, 16, 200);
        SplittableRandom random = new SplittableRandom(6);
        double[] phases = phases(random, 32);
        ForkPool pool = new ForkPool();
        ForkPool slowed = new ForkPool();
        for (int r = 0; r < 32; r++) {
            pool.add(run(random, phases[r], 1.0, 0.02));
        }
        for (int r = 0; r < 16; r++) {
            slowed.add(run(random, phases[r], 1.10, 0.02)); // collected in the same round as pool run r
        }
        SplitSimulator.Rates power = sim.powerPaired(pool, slowed, Set.of("MallocFreeLatency size=00064"), 100, 9);
        assertEquals(16, power.forksPerSide());
        assertTrue(power.rate() >= 0.95, "a 10 % slowdown under the same phases rejected in " + power.rejected()
                + " of 100");
        ForkPool tooFew = new ForkPool();
        for (int r = 0; r < 10; r++) {
            tooFew.add(run(random, 1, 1, 0.02));
        }
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> sim.aaPaired(tooFew, 10, 1));
        assertTrue(e.getMessage().contains("too few for 8 initial rounds"), e.getMessage());
    }

    /** Per round, 1.3 (a slow phase of the machine) in about half of the rounds, else 1. */
    private static double[] phases(SplittableRandom random, int rounds) {
        double[] phases = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            phases[i] = random.nextBoolean() ? 1.3 : 1.0;
        }
        return phases;
    }

    /**
     * One run of the fast row (scaled by {@code shift}) and the batch row, both slowed by {@code phase}, with a
     * lognormal spread of {@code sigma}.
     */
    private static List<Measurement> run(SplittableRandom random, double phase, double shift, double sigma) {
        return List.of(
                new Measurement("MallocFreeLatency size=00064", FAST, "latency.min.cpu", "ns/op",
                        10 * shift * phase * Math.exp(sigma * gaussian(random))),
                new Measurement("BatchAllocFreeLatency", BATCH, "latency.min.cpu", "ns/op",
                        20 * phase * Math.exp(sigma * gaussian(random))));
    }

    @Test
    void clopperPearsonIntervalsMatchKnownValues() {
        // 0 of 1000: upper bound 1 - 0.025^(1/1000) = 0.00368
        double[] zero = new SplitSimulator.Rates(1000, 0, 0, 0, 16).interval(0.95);
        assertEquals(0, zero[0]);
        assertEquals(0.00368, zero[1], 0.00002);
        double[] half = new SplitSimulator.Rates(100, 50, 50, 0, 16).interval(0.95);
        assertEquals(0.3983, half[0], 0.0005);
        assertEquals(0.6017, half[1], 0.0005);
    }

    /** Runs of a latency row (3 % lognormal spread, scaled by {@code shift}), a batch row and a constant work count. */
    private static ForkPool pool(SplittableRandom random, int runs, double shift) {
        ForkPool pool = new ForkPool();
        for (int r = 0; r < runs; r++) {
            pool.add(List.of(
                    new Measurement("MallocFreeLatency size=00064", FAST, "latency.min.cpu", "ns/op",
                            10 * shift * Math.exp(0.03 * gaussian(random))),
                    new Measurement("BatchAllocFreeLatency", BATCH, "latency.min.cpu", "ns/op",
                            20 * Math.exp(0.03 * gaussian(random))),
                    new Measurement("BatchAllocFreeLatency", BATCH, "work.malloc_slow", "1/op", 0.0625)));
        }
        return pool;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
