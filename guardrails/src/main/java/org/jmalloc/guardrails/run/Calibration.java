package org.jmalloc.guardrails.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
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
 * {@code lab calibrate}: measures the gate on this machine. One build, many forks. First a pilot measures what the
 * {@link #EXTRA_WORK_PROPERTY harness slowdown} costs on every call: pairs of fast-path runs, one plain and one with
 * {@value #PILOT_STEPS} steps on every call, back to back in random order, so the machine's load (which moved this
 * machine's CPU time per operation by 20 % between minutes) is the same for both runs of a pair. Then a pool of
 * {@code poolRounds} runs of the gate's benchmarks and two pools of the fast-path benchmarks slowed by about 5 % and
 * 10 % (the same steps on every {@code P}-th call, {@code P} the pilot's cost over the slowdown wanted), collected
 * interleaved: each round runs one of each in random order, as the gate interleaves its sides, so a drift in the load
 * moves the pools together instead of passing for a slowdown. The gate's decision procedure ({@link SplitSimulator}) is
 * applied to random splits of these pools: A/A splits give the false-alarm rate (and, per metric, which metrics raised
 * it), A/slowed splits the power, and A/A splits with the candidate's deterministic metrics scaled by 1.01 show whether
 * a 1 % change is caught. Every run of the pool includes one fork of each footprint benchmark, so each split can give
 * the footprint series the gate's {@value GateRunner#FOOTPRINT_ROUNDS} forks a side (and more when they are undecided).
 */
public final class Calibration {

    /** The benchmarks' switch for extra harness work per operation (see {@code ExtraWork} in the benchmarks). */
    public static final String EXTRA_WORK_PROPERTY = "jmalloc.bench.extraWork";
    /** Operations per one that does the extra work (see {@code ExtraWork}). */
    public static final String EXTRA_WORK_PERIOD_PROPERTY = "jmalloc.bench.extraWorkPeriod";

    /** The fast-path benchmarks the slowdown applies to. */
    static final String FAST_PATH = "org\\.jmalloc\\.benchmarks\\.latency\\.MallocFree(Sampled)?LatencyBenchmark\\..*";

    /**
     * Steps of extra work per call that does it: the pilot prices them on every call, and the slowed pools run them on
     * every {@code P}-th call, {@code P} chosen from that price for each target. A fixed step count and a period, not
     * a step count per target: the steps' first one carries a fixed latency (4.5 ns in one calibration, where twelve
     * cost 8.2 ns), so a step count priced per step could not place a 0.5 ns slowdown (one step realized +47 % for a
     * 5 % target); a period divides a measured cost.
     */
    public static final int PILOT_STEPS = 12;
    private static final int PILOT_ROUNDS = 6;
    /** The slowdowns whose detection power is measured. */
    private static final double[] TARGETS = {0.05, 0.10};

    /** What calibration found. */
    /**
     * @param workNanos what {@value #PILOT_STEPS} steps of extra work on every call cost the reference row (the
     *     pilot's median paired difference)
     * @param periods per target, the slowed pool's period: {@value #PILOT_STEPS} steps on every {@code P}-th call
     * @param aa A/A splits that keep the gate's rounds ({@link SplitSimulator#aaPaired}): the gate's false-alarm rate
     * @param power power splits that keep the gate's rounds ({@link SplitSimulator#powerPaired})
     * @param aaShuffled A/A splits that treat every run as exchangeable ({@link SplitSimulator#aa}), beside it
     * @param powerShuffled power splits that treat every run as exchangeable, beside it
     */
    public record Report(int poolRounds, int slowedRounds, String referenceRow, double referenceNanos,
            double workNanos, Map<String, Integer> periods, Map<String, Map<String, Double>> realized,
            SplitSimulator.Rates aa, Map<String, SplitSimulator.Rates> power,
            SplitSimulator.Rates aaShuffled, Map<String, SplitSimulator.Rates> powerShuffled,
            Map<String, SplitSimulator.Rates> deterministic, int splits) {
    }

    /** Runs one fork of every benchmark {@code s} selects, for the pool named {@code pool}; GateRunner's in production. */
    @FunctionalInterface
    interface ForkSource {
        List<Measurement> fork(String pool, GateSettings s, int round) throws IOException, InterruptedException;
    }

    private final GateSettings settings;
    private ForkSource forks;
    private final Thresholds thresholds;
    private final Path workDir;
    private final PrintWriter out;
    private final long seed;
    private final java.util.Random order;

    public Calibration(GateSettings settings, Thresholds thresholds, long seed, Path workDir, PrintWriter out) {
        this.settings = settings;
        this.thresholds = thresholds;
        this.seed = seed;
        this.order = new java.util.Random(seed);
        this.workDir = workDir;
        this.out = out;
    }

    /** Collects the pools with {@code instrument} and simulates {@code splits} gates of each kind. */
    public Report run(Instrument instrument, int poolRounds, int slowedRounds, int splits)
            throws IOException, InterruptedException {
        Map<String, GateRunner> runners = new java.util.HashMap<>();
        forks = (pool, s, round) -> runners.computeIfAbsent(pool, p -> new GateRunner(s, thresholds, seed,
                workDir.resolve(p), out)).fork(round, s.include(), instrument, pool.equals("pool"));
        return run(poolRounds, slowedRounds, splits);
    }

    /**
     * The calibration again over the pools an earlier run saved under the work directory (their JMH result files),
     * with the thresholds given now: no benchmark runs, so a change of the decision rule or of a bound is priced on
     * the same forks in seconds. The pilot is read back too, so the periods and the reference come out as they did.
     */
    public Report replay(int poolRounds, int slowedRounds, int splits) throws IOException, InterruptedException {
        return run((pool, s, round) -> saved(pool, round), poolRounds, slowedRounds, splits);
    }

    /** The measurements of round {@code round} of {@code pool} as an earlier run saved them. */
    private List<Measurement> saved(String pool, int round) throws IOException {
        Path json = workDir.resolve(pool).resolve(GateRunner.stem(round, "candidate", "") + ".json");
        if (!Files.isRegularFile(json)) {
            throw new IOException("no saved run " + json + ": --replay reads the pools of an earlier ./lab calibrate"
                    + " with at least as many rounds (run it without --replay first, with the same --pool and --slowed)");
        }
        List<Measurement> all = new ArrayList<>(JmhJson.read(json));
        Path footprint = workDir.resolve(pool).resolve(GateRunner.stem(round, "candidate", "-footprint") + ".json");
        if (Files.isRegularFile(footprint)) {
            all.addAll(JmhJson.read(footprint));
        }
        return all;
    }

    /** The calibration over the forks of {@link #forks}. */
    Report run(ForkSource source, int poolRounds, int slowedRounds, int splits)
            throws IOException, InterruptedException {
        forks = source;
        return run(poolRounds, slowedRounds, splits);
    }

    private Report run(int poolRounds, int slowedRounds, int splits) throws IOException, InterruptedException {
        String reference = "MallocFreeLatency size=00064";
        GateSettings fast = settings.withInclude(FAST_PATH);
        GateSettings pilotSettings = withWork(fast, 1);
        ForkPool plainPilot = new ForkPool();
        ForkPool slowPilot = new ForkPool();
        long start = System.nanoTime();
        for (int r = 1; r <= PILOT_ROUNDS; r++) {
            boolean plainFirst = order.nextBoolean();
            for (boolean plain : plainFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                (plain ? plainPilot : slowPilot).add(plain ? forks.fork("pilot-plain", fast, r)
                        : forks.fork("pilot-slowed", pilotSettings, r));
            }
            progress("pilot", r, PILOT_ROUNDS, start);
        }
        ForkPool.Key ref = reference(plainPilot, reference);
        double[] plain = plainPilot.values(ref);
        double[] slow = slowPilot.values(ref);
        double[] perPair = new double[Math.min(plain.length, slow.length)];
        for (int i = 0; i < perPair.length; i++) {
            perPair[i] = slow[i] - plain[i];
        }
        double work = median(perPair);
        double t0 = median(plain);
        if (!(work > 0)) {
            throw new IOException(String.format(Locale.ROOT, "the pilot's runs with %d steps of extra work were not"
                    + " slower than the plain runs beside them (median %.3f vs %.3f %s): the machine is too noisy"
                    + " to calibrate now; rerun when it is quieter", PILOT_STEPS, median(slow), t0, ref.unit()));
        }
        out.printf(Locale.ROOT, "calibrate: %s %s = %.3f %s; %d steps of extra work on every call cost %.3f%n",
                reference, ref.metric(), t0, ref.unit(), PILOT_STEPS, work);
        Map<String, Integer> periods = new LinkedHashMap<>();
        for (double target : TARGETS) {
            periods.put(Math.round(target * 100) + "%", Math.max(1, (int) Math.round(work / (target * t0))));
        }
        // The pool and the slowed pools, interleaved round by round.
        ForkPool pool = new ForkPool();
        Map<String, ForkPool> slowedPools = new LinkedHashMap<>();
        periods.keySet().forEach(name -> slowedPools.put(name, new ForkPool()));
        int rounds = Math.max(poolRounds, slowedRounds);
        start = System.nanoTime();
        for (int r = 1; r <= rounds; r++) {
            List<String> runs = new ArrayList<>();
            if (r <= poolRounds) {
                runs.add("pool");
            }
            if (r <= slowedRounds) {
                runs.addAll(periods.keySet());
            }
            java.util.Collections.shuffle(runs, order);
            for (String run : runs) {
                if (run.equals("pool")) {
                    pool.add(forks.fork("pool", settings, r));
                } else {
                    slowedPools.get(run).add(forks.fork("slowed" + run.replace("%", ""),
                            withWork(fast, periods.get(run)), r));
                }
            }
            progress("pool and slowed pools", r, rounds, start);
        }
        reference(pool, reference);
        Map<String, Map<String, Double>> realized = new LinkedHashMap<>();
        Map<String, SplitSimulator.Rates> power = new LinkedHashMap<>();
        Map<String, SplitSimulator.Rates> powerShuffled = new LinkedHashMap<>();
        SplitSimulator sim = new SplitSimulator(thresholds, settings.initialRounds(), settings.stepRounds(),
                settings.maxRounds(), 1000);
        Set<String> slowedBenchmarks = new TreeSet<>();
        pool.runs().getFirst().keySet().stream().filter(k -> k.jmhName().matches(FAST_PATH))
                .forEach(k -> slowedBenchmarks.add(k.benchmark()));
        for (Map.Entry<String, ForkPool> e : slowedPools.entrySet()) {
            ForkPool slowed = e.getValue();
            Map<String, Double> shift = new LinkedHashMap<>();
            for (ForkPool.Key k : slowed.runs().getFirst().keySet()) {
                if (thresholds.ruleFor(k.jmhName(), k.metric()).map(r -> r.kind() == MetricKind.NOISY).orElse(false)) {
                    shift.put(k.benchmark() + " " + k.metric(),
                            HodgesLehmann.ratio(pool.values(k), slowed.values(k)) - 1);
                }
            }
            realized.put(e.getKey(), shift);
            long powerSeed = seed + periods.get(e.getKey());
            power.put(e.getKey(), sim.powerPaired(pool, slowed, slowedBenchmarks, splits, powerSeed));
            powerShuffled.put(e.getKey(), sim.power(pool, slowed, slowedBenchmarks, splits, powerSeed));
        }
        SplitSimulator.Rates aa = sim.aaPaired(pool, splits, seed);
        SplitSimulator.Rates aaShuffled = sim.aa(pool, splits, seed, UnaryOperator.identity());
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
        return new Report(pool.size(), slowedRounds, reference, t0, work, periods, realized, aa, power, aaShuffled,
                powerShuffled, deterministic, splits);
    }

    private static Map<ForkPool.Key, Double> scaled(Map<ForkPool.Key, Double> run, ForkPool.Key key, double factor) {
        Map<ForkPool.Key, Double> copy = new LinkedHashMap<>(run);
        copy.computeIfPresent(key, (k, v) -> v * factor);
        return copy;
    }

    /** The guarded latency metric of the reference row: the forks' least CPU time per operation, or their mean. */
    private String guardedLatency(ForkPool.Key k) {
        for (String metric : List.of(JmhJson.LEAST_CPU, "latency.avg.cpu")) {
            if (thresholds.ruleFor(k.jmhName(), metric).isPresent()) {
                return metric;
            }
        }
        return "latency.avg";
    }

    /** {@code s} with {@value #PILOT_STEPS} steps of extra work on every {@code period}-th call of the fast path. */
    private static GateSettings withWork(GateSettings s, int period) {
        List<String> jvm = new ArrayList<>(s.forkJvmArgs());
        jvm.add("-D" + EXTRA_WORK_PROPERTY + "=" + PILOT_STEPS);
        jvm.add("-D" + EXTRA_WORK_PERIOD_PROPERTY + "=" + period);
        return s.withForkJvm(jvm, s.cpus());
    }

    /** The pool's key of the reference row's guarded latency, or an error saying the pool lacks it. */
    private ForkPool.Key reference(ForkPool pool, String reference) throws IOException {
        if (pool.size() == 0) {
            throw new IOException("the pool has no runs");
        }
        return pool.runs().getFirst().keySet().stream()
                .filter(k -> k.benchmark().equals(reference) && k.metric().equals(guardedLatency(k)))
                .findFirst().orElseThrow(() -> new IOException("the pool has no " + reference + " latency"));
    }

    private void progress(String what, int r, int rounds, long start) {
        long perRun = (System.nanoTime() - start) / r;
        long left = perRun * (rounds - r) / 1_000_000_000L;
        out.printf(Locale.ROOT, "calibrate: %s round %d of %d; about %d min %02d s left for them%n", what, r, rounds,
                left / 60, left % 60);
        out.flush();
    }

    private static double median(double[] v) {
        return Median.withDefaults().evaluate(v.clone());
    }
}
