package org.jmalloc.guardrails.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.apache.commons.statistics.descriptive.Median;
import org.jmalloc.guardrails.config.Thresholds;
import org.jmalloc.guardrails.stats.HodgesLehmann;
import org.jmalloc.lab.core.metric.MetricKind;

/**
 * {@code lab calibrate}: measures the gate on this machine. One build, many forks: a pool of {@code poolRounds} runs
 * of the gate's benchmarks; a pilot run with a large {@link #EXTRA_WORK_PROPERTY harness slowdown} to measure what
 * one step of extra work costs; then pools of the fast-path benchmarks slowed by about 5 % and 10 %. The gate's
 * decision procedure ({@link SplitSimulator}) is applied to random splits of these pools: A/A splits give the
 * false-alarm rate, A/slowed splits the power, and A/A splits with the candidate's deterministic metrics scaled by
 * 1.01 show whether a 1 % change is caught.
 */
public final class Calibration {

    /** The benchmarks' switch for extra harness work per operation (see {@code ExtraWork} in the benchmarks). */
    public static final String EXTRA_WORK_PROPERTY = "jmalloc.bench.extraWork";

    /** The fast-path benchmarks the slowdown applies to. */
    static final String FAST_PATH = "org\\.jmalloc\\.benchmarks\\.latency\\.MallocFree(Sampled)?LatencyBenchmark\\..*";

    private static final int PILOT_STEPS = 24;
    private static final int PILOT_ROUNDS = 4;

    /** What calibration found. */
    public record Report(int poolRounds, int slowedRounds, String referenceRow, double referenceNanos,
            double stepNanos, Map<String, Integer> steps, Map<String, Map<String, Double>> realized,
            SplitSimulator.Rates aa, Map<String, SplitSimulator.Rates> power,
            Map<String, SplitSimulator.Rates> deterministic, int splits) {
    }

    private final GateSettings settings;
    private final Thresholds thresholds;
    private final Path workDir;
    private final PrintWriter out;
    private final long seed;

    public Calibration(GateSettings settings, Thresholds thresholds, long seed, Path workDir, PrintWriter out) {
        this.settings = settings;
        this.thresholds = thresholds;
        this.seed = seed;
        this.workDir = workDir;
        this.out = out;
    }

    /** Collects the pools with {@code instrument} and simulates {@code splits} gates of each kind. */
    public Report run(Instrument instrument, int poolRounds, int slowedRounds, int splits)
            throws IOException, InterruptedException {
        ForkPool pool = collect("pool", settings, instrument, poolRounds);
        String reference = "MallocFreeLatency size=00064";
        ForkPool.Key ref = pool.runs().getFirst().keySet().stream()
                .filter(k -> k.benchmark().equals(reference) && k.metric().equals(guardedLatency(k)))
                .findFirst().orElseThrow(() -> new IOException("the pool has no " + reference + " latency"));
        double t0 = median(pool.values(ref));
        GateSettings fast = settings.withInclude(FAST_PATH);
        ForkPool pilot = collect("pilot", withSteps(fast, PILOT_STEPS), instrument, PILOT_ROUNDS);
        double step = (median(pilot.values(ref)) - t0) / PILOT_STEPS;
        if (!(step > 0)) {
            throw new IOException(String.format(Locale.ROOT, "the pilot with %d steps of extra work was not slower"
                    + " (%.3f vs %.3f): the machine is too noisy to calibrate now", PILOT_STEPS,
                    median(pilot.values(ref)), t0));
        }
        out.printf(Locale.ROOT, "calibrate: %s %s = %.3f %s; one step of extra work costs %.3f%n", reference,
                ref.metric(), t0, ref.unit(), step);
        Map<String, Integer> steps = new LinkedHashMap<>();
        Map<String, Map<String, Double>> realized = new LinkedHashMap<>();
        Map<String, SplitSimulator.Rates> power = new LinkedHashMap<>();
        SplitSimulator sim = new SplitSimulator(thresholds, settings.initialRounds(), settings.stepRounds(),
                settings.maxRounds(), 1000);
        Set<String> slowedBenchmarks = new TreeSet<>();
        pool.runs().getFirst().keySet().stream().filter(k -> k.jmhName().matches(FAST_PATH))
                .forEach(k -> slowedBenchmarks.add(k.benchmark()));
        for (double target : new double[] {0.05, 0.10}) {
            String name = Math.round(target * 100) + "%";
            int n = Math.max(1, (int) Math.round(target * t0 / step));
            steps.put(name, n);
            ForkPool slowed = collect("slowed" + Math.round(target * 100), withSteps(fast, n), instrument,
                    slowedRounds);
            Map<String, Double> shift = new LinkedHashMap<>();
            for (ForkPool.Key k : slowed.runs().getFirst().keySet()) {
                if (thresholds.ruleFor(k.jmhName(), k.metric()).map(r -> r.kind() == MetricKind.NOISY).orElse(false)) {
                    shift.put(k.benchmark() + " " + k.metric(),
                            HodgesLehmann.ratio(pool.values(k), slowed.values(k)) - 1);
                }
            }
            realized.put(name, shift);
            power.put(name, sim.power(pool, slowed, slowedBenchmarks, splits, seed + n));
        }
        SplitSimulator.Rates aa = sim.aa(pool, splits, seed, UnaryOperator.identity());
        Map<String, SplitSimulator.Rates> deterministic = new LinkedHashMap<>();
        for (ForkPool.Key k : pool.runs().getFirst().keySet()) {
            boolean relative = thresholds.ruleFor(k.jmhName(), k.metric())
                    .filter(r -> r.kind() == MetricKind.DETERMINISTIC && r.maxRelative().isPresent()
                            && r.maxRelative().getAsDouble() <= 0.01).isPresent();
            if (relative && median(pool.values(k)) != 0) {
                deterministic.put(k.benchmark() + " " + k.metric(), sim.aa(pool, Math.min(splits, 200), seed,
                        run -> scaled(run, k, 1.01)));
            }
        }
        return new Report(pool.size(), slowedRounds, reference, t0, step, steps, realized, aa, power, deterministic,
                splits);
    }

    private static Map<ForkPool.Key, Double> scaled(Map<ForkPool.Key, Double> run, ForkPool.Key key, double factor) {
        Map<ForkPool.Key, Double> copy = new LinkedHashMap<>(run);
        copy.computeIfPresent(key, (k, v) -> v * factor);
        return copy;
    }

    /** The guarded latency metric of the reference row: CPU time per operation when the forks report it. */
    private String guardedLatency(ForkPool.Key k) {
        return thresholds.ruleFor(k.jmhName(), "latency.avg.cpu").isPresent() ? "latency.avg.cpu" : "latency.avg";
    }

    private static GateSettings withSteps(GateSettings s, int steps) {
        List<String> jvm = new ArrayList<>(s.forkJvmArgs());
        jvm.add("-D" + EXTRA_WORK_PROPERTY + "=" + steps);
        return s.withForkJvm(jvm, s.cpus());
    }

    private ForkPool collect(String name, GateSettings s, Instrument instrument, int rounds)
            throws IOException, InterruptedException {
        GateRunner runner = new GateRunner(s, thresholds, seed, workDir.resolve(name), out);
        ForkPool pool = new ForkPool();
        long start = System.nanoTime();
        for (int r = 1; r <= rounds; r++) {
            pool.add(runner.fork(r, s.include(), instrument));
            long perRun = (System.nanoTime() - start) / r;
            long left = perRun * (rounds - r) / 1_000_000_000L;
            out.printf(Locale.ROOT, "calibrate: %s run %d of %d; about %d min %02d s left for this pool%n", name, r,
                    rounds, left / 60, left % 60);
            out.flush();
        }
        return pool;
    }

    private static double median(double[] v) {
        return Median.withDefaults().evaluate(v.clone());
    }
}
