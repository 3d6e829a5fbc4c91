package org.jmalloc.guardrails.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.jmalloc.guardrails.config.Thresholds;
import org.jmalloc.guardrails.verdict.Evaluator;
import org.jmalloc.guardrails.verdict.MetricVerdict;
import org.jmalloc.guardrails.verdict.Outcome;
import org.jmalloc.guardrails.verdict.Verdict;

/**
 * Applies the gate's whole decision procedure to random splits of measured fork pools, to estimate how often it
 * rejects: on an A/A split of one build's pool (the false-alarm rate), or with the candidate's forks of some series
 * drawn from a pool with a known slowdown (the power). Each split draws runs without replacement, evaluates after the
 * initial rounds (the footprint benchmarks' series with {@value GateRunner#FOOTPRINT_ROUNDS} forks a side, as the
 * gate runs them), and adds rounds for the benchmarks with an inconclusive metric up to the budget, exactly as
 * {@link GateRunner} does; a split is rejected when its outcome is not PASS. The pool must hold a footprint fork in
 * every run ({@link Calibration} collects them so), or the footprint series get fewer forks than the gate's.
 *
 * <h2>Rounds kept together</h2>
 * The gate runs each round's baseline and candidate forks back to back, so whatever slows the machine for a while (on
 * the project's 2-core VM: phases of tens of seconds in which every fork runs 30-70 % slower, the host's doing) lands
 * on both sides of the rounds it spans. A split that shuffles every run of the pool into either side
 * ({@link #aa}, {@link #power}) ignores that and treats the runs as exchangeable: three slow runs in a row can all
 * land on one side. The paired splits ({@link #aaPaired}, {@link #powerPaired}) keep the gate's structure: runs
 * collected next to each other form one round's two sides (an A/A round is two consecutive runs of the pool, a power
 * round the pool's and the slowed pool's runs of one calibration round), a split shuffles the order of the rounds and,
 * for A/A, which run of each round is the baseline. Both are reported; the paired figure is the gate's as it runs.
 *
 * <p>The splits reuse one pool's forks, so they are not independent gate runs: the interval below describes the
 * splits' sampling error, and a pool that happens to be unusual moves every split with it.
 */
public final class SplitSimulator {

    private final Thresholds thresholds;
    private final int initial;
    private final int step;
    private final int max;
    private final int resamples;

    /**
     * Rates over {@code splits} simulated gates: rejected (not PASS), of which regressions and inconclusive; and per
     * metric ({@code benchmark metric}), in how many splits it was a REGRESSION and in how many INCONCLUSIVE, so a
     * false-alarm rate shows which metrics raise it (a split may count under several metrics).
     */
    public record Rates(int splits, int rejected, int regressions, int inconclusive, int forksPerSide,
            Map<String, Integer> regressionsBy, Map<String, Integer> inconclusiveBy) {

        public Rates {
            regressionsBy = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(regressionsBy));
            inconclusiveBy = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(inconclusiveBy));
        }

        /** Rates without the per-metric counts. */
        public Rates(int splits, int rejected, int regressions, int inconclusive, int forksPerSide) {
            this(splits, rejected, regressions, inconclusive, forksPerSide, Map.of(), Map.of());
        }

        /** The rejected fraction. */
        public double rate() {
            return (double) rejected / splits;
        }

        /** The Clopper-Pearson interval of the rejected fraction at {@code confidence}. */
        public double[] interval(double confidence) {
            double a = (1 - confidence) / 2;
            double low = rejected == 0 ? 0
                    : BetaDistribution.of(rejected, splits - rejected + 1).inverseCumulativeProbability(a);
            double high = rejected == splits ? 1
                    : BetaDistribution.of(rejected + 1, splits - rejected).inverseCumulativeProbability(1 - a);
            return new double[] {low, high};
        }
    }

    public SplitSimulator(Thresholds thresholds, int initial, int step, int max, int resamples) {
        this.thresholds = thresholds;
        this.initial = initial;
        this.step = step;
        this.max = max;
        this.resamples = resamples;
    }

    /**
     * A/A: both sides from {@code pool}, disjoint runs. {@code candidateChange} may rewrite the candidate's values of a
     * series (e.g. scale a deterministic metric by 1.01); identity for a plain A/A.
     */
    public Rates aa(ForkPool pool, int splits, long seed, UnaryOperator<Map<ForkPool.Key, Double>> candidateChange) {
        return simulate(pool, null, Set.of(), splits, seed, candidateChange);
    }

    /**
     * Power: baseline runs from {@code base}; the candidate's values of the series of {@code slowedBenchmarks} from
     * {@code slowed}, its other values from runs of {@code base} that the baseline did not draw.
     */
    public Rates power(ForkPool base, ForkPool slowed, Set<String> slowedBenchmarks, int splits, long seed) {
        return simulate(base, slowed, slowedBenchmarks, splits, seed, UnaryOperator.identity());
    }

    /**
     * A/A with the gate's rounds kept: runs {@code 2i} and {@code 2i + 1} of {@code pool} (in the order collected) are
     * one round's two sides; each split shuffles the rounds and flips a coin per round for which run is the baseline.
     */
    public Rates aaPaired(ForkPool pool, int splits, long seed) {
        List<Map<ForkPool.Key, Double>> runs = pool.runs();
        int rounds = Math.min(max, runs.size() / 2);
        checkRounds(rounds, pool.size() + " runs (" + rounds + " pairs)");
        Random random = new Random(seed);
        Tally tally = new Tally();
        for (int s = 0; s < splits; s++) {
            List<Integer> order = shuffledIndices(runs.size() / 2, random);
            List<Map<ForkPool.Key, Double>> b = new ArrayList<>();
            List<Map<ForkPool.Key, Double>> c = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                int first = 2 * order.get(i) + (random.nextBoolean() ? 0 : 1);
                b.add(runs.get(first));
                c.add(runs.get(first ^ 1));
            }
            tally.add(gate(b, c, seed * 31 + s));
        }
        return tally.rates(splits, rounds);
    }

    /**
     * Power with the gate's rounds kept: round {@code i} is run {@code i} of {@code base} against run {@code i} of
     * {@code slowed} (collected in the same calibration round) for the series of {@code slowedBenchmarks}; the
     * candidate's other series come from another base run: run {@code i} past the slowed pool's size when the base
     * pool is larger, else the next round's. Each split shuffles the rounds.
     */
    public Rates powerPaired(ForkPool base, ForkPool slowed, Set<String> slowedBenchmarks, int splits, long seed) {
        int pairs = Math.min(slowed.size(), base.size());
        int rounds = Math.min(max, pairs);
        int offset = base.size() > slowed.size() ? slowed.size() : 1;
        checkRounds(rounds, base.size() + " runs and the slowed pool " + slowed.size());
        Random random = new Random(seed);
        Tally tally = new Tally();
        for (int s = 0; s < splits; s++) {
            List<Integer> order = shuffledIndices(pairs, random);
            List<Map<ForkPool.Key, Double>> b = new ArrayList<>();
            List<Map<ForkPool.Key, Double>> c = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                int r = order.get(i);
                b.add(base.runs().get(r));
                c.add(withSlowed(base.runs().get((r + offset) % base.size()), slowed.runs().get(r),
                        slowedBenchmarks));
            }
            tally.add(gate(b, c, seed * 31 + s));
        }
        return tally.rates(splits, rounds);
    }

    private void checkRounds(int rounds, String what) {
        if (rounds < initial) {
            throw new IllegalArgumentException("the pool has " + what + ": too few for " + initial
                    + " initial rounds per side");
        }
    }

    /** {@code run} with the series of {@code slowedBenchmarks} replaced by those of {@code slowedRun}. */
    private static Map<ForkPool.Key, Double> withSlowed(Map<ForkPool.Key, Double> run,
            Map<ForkPool.Key, Double> slowedRun, Set<String> slowedBenchmarks) {
        Map<ForkPool.Key, Double> out = new HashMap<>(run);
        out.keySet().removeIf(k -> slowedBenchmarks.contains(k.benchmark()));
        slowedRun.forEach((k, v) -> {
            if (slowedBenchmarks.contains(k.benchmark())) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The counts of simulated gates' outcomes, overall and per metric. */
    private static final class Tally {
        int rejected;
        int regressions;
        int inconclusive;
        final Map<String, Integer> regressionsBy = new HashMap<>();
        final Map<String, Integer> inconclusiveBy = new HashMap<>();

        void add(List<MetricVerdict> verdicts) {
            for (MetricVerdict v : verdicts) {
                if (v.verdict() == Verdict.REGRESSION) {
                    regressionsBy.merge(v.key(), 1, Integer::sum);
                } else if (v.verdict() == Verdict.INCONCLUSIVE) {
                    inconclusiveBy.merge(v.key(), 1, Integer::sum);
                }
            }
            Outcome o = Outcome.of(verdicts);
            rejected += o != Outcome.PASS ? 1 : 0;
            regressions += o == Outcome.REGRESSION ? 1 : 0;
            inconclusive += o == Outcome.INCONCLUSIVE ? 1 : 0;
        }

        Rates rates(int splits, int perSide) {
            return new Rates(splits, rejected, regressions, inconclusive, perSide, regressionsBy, inconclusiveBy);
        }
    }

    private Rates simulate(ForkPool base, ForkPool slowed, Set<String> slowedBenchmarks, int splits, long seed,
            UnaryOperator<Map<ForkPool.Key, Double>> change) {
        int perSide = Math.min(max, slowed == null ? base.size() / 2 : Math.min(base.size() / 2, slowed.size()));
        checkRounds(perSide, base.size() + " runs" + (slowed == null ? "" : " and the slowed pool " + slowed.size()));
        Random random = new Random(seed);
        Tally tally = new Tally();
        for (int s = 0; s < splits; s++) {
            List<Map<ForkPool.Key, Double>> runs = shuffled(base.runs(), random);
            List<Map<ForkPool.Key, Double>> b = runs.subList(0, perSide);
            List<Map<ForkPool.Key, Double>> c = new ArrayList<>();
            List<Map<ForkPool.Key, Double>> slowRuns = slowed == null ? null : shuffled(slowed.runs(), random);
            for (int i = 0; i < perSide; i++) {
                Map<ForkPool.Key, Double> run = runs.get(perSide + i);
                c.add(change.apply(slowRuns == null ? new HashMap<>(run)
                        : withSlowed(run, slowRuns.get(i), slowedBenchmarks)));
            }
            tally.add(gate(b, c, seed * 31 + s));
        }
        return tally.rates(splits, perSide);
    }

    /** The runner's procedure on pre-drawn runs: evaluate, extend undecided benchmarks, up to the available runs. */
    List<MetricVerdict> gate(List<Map<ForkPool.Key, Double>> b, List<Map<ForkPool.Key, Double>> c, long seed) {
        Evaluator evaluator = new Evaluator(thresholds, resamples, seed);
        Set<ForkPool.Key> keys = new LinkedHashSet<>();
        b.forEach(r -> keys.addAll(r.keySet()));
        Map<String, Integer> forks = new HashMap<>();
        keys.forEach(k -> forks.put(k.benchmark(), footprint(k) ? Math.min(initial, GateRunner.FOOTPRINT_ROUNDS)
                : initial));
        int limit = Math.min(b.size(), c.size());
        while (true) {
            List<org.jmalloc.guardrails.verdict.Observation> obs = new ArrayList<>();
            for (ForkPool.Key k : keys) {
                int n = forks.get(k.benchmark());
                double[] bv = values(b, k, n);
                double[] cv = values(c, k, n);
                if (bv.length > 0 && cv.length > 0) {
                    obs.add(new org.jmalloc.guardrails.verdict.Observation(k.benchmark(), k.jmhName(), k.metric(),
                            k.unit(), bv, cv));
                }
            }
            List<MetricVerdict> verdicts = evaluator.evaluate(obs);
            Set<String> undecided = new HashSet<>();
            verdicts.stream().filter(v -> v.verdict() == Verdict.INCONCLUSIVE).forEach(v -> undecided.add(
                    v.benchmark()));
            undecided.removeIf(name -> forks.get(name) >= limit);
            if (undecided.isEmpty()) {
                return verdicts;
            }
            undecided.forEach(name -> forks.put(name, Math.min(limit, forks.get(name) + step)));
        }
    }

    /** A footprint benchmark's series: the gate runs those in its first rounds only, unless they are undecided. */
    private static boolean footprint(ForkPool.Key k) {
        return k.jmhName().contains(".footprint.");
    }

    private static double[] values(List<Map<ForkPool.Key, Double>> runs, ForkPool.Key k, int n) {
        return runs.subList(0, Math.min(n, runs.size())).stream().filter(r -> r.containsKey(k))
                .mapToDouble(r -> r.get(k)).toArray();
    }

    /** {@code 0 .. n - 1} in a random order. */
    private static List<Integer> shuffledIndices(int n, Random random) {
        return shuffled(java.util.stream.IntStream.range(0, n).boxed().toList(), random);
    }

    private static <T> List<T> shuffled(List<T> list, Random random) {
        List<T> copy = new ArrayList<>(list);
        java.util.Collections.shuffle(copy, random);
        return copy;
    }
}
