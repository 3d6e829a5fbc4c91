package org.jmalloc.guardrails.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jmalloc.guardrails.config.Thresholds;
import org.jmalloc.guardrails.verdict.Evaluator;
import org.jmalloc.guardrails.verdict.MetricVerdict;
import org.jmalloc.guardrails.verdict.Verdict;

/**
 * Runs the forks of a gate and evaluates them: rounds of one JMH fork of every selected benchmark per side, the two
 * sides in a seeded random order within each round (so drift on the machine, a compile next door, thermal state,
 * falls on both sides alike), then more rounds for the benchmarks whose metrics are inconclusive, up to the budget.
 *
 * <p>Every JMH run is a child process: {@code [taskset -c CPUS] java -cp ALLOCATOR:BENCHMARKS org.openjdk.jmh.Main
 * PATTERN -f 1 ...}; its JSON and log go to the work directory, named by round and side. A run that exits non-zero
 * or produces no JSON stops the gate with the log's tail. Progress lines give the rounds done and an estimate of the
 * time left, from the mean time of the runs so far.
 */
public final class GateRunner {

    private final GateSettings settings;
    private final Evaluator evaluator;
    private final Path workDir;
    private final PrintWriter out;
    private final Random order;
    private final String java;
    private int runsDone;
    private long runNanos;

    /** The outcome of the rounds: the samples, the verdicts of the last evaluation, and the rounds run. */
    public record Result(Samples samples, List<MetricVerdict> verdicts, int rounds) {
    }

    public GateRunner(GateSettings settings, Thresholds thresholds, long seed, Path workDir, PrintWriter out) {
        this.settings = settings;
        this.evaluator = new Evaluator(thresholds, 2000, seed);
        this.workDir = workDir;
        this.out = out;
        this.order = new Random(seed);
        this.java = Processes.java();
    }

    /** Runs the initial rounds, then extensions while a metric is inconclusive and the budget allows. */
    public Result run(Instrument baseline, Instrument candidate) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Samples samples = new Samples();
        int rounds = 0;
        String include = settings.include();
        int planned = settings.initialRounds();
        while (true) {
            for (int r = 0; r < planned; r++) {
                rounds++;
                round(rounds, include, baseline, candidate, samples, planned - r - 1);
            }
            List<MetricVerdict> verdicts = evaluator.evaluate(samples.observations());
            Set<String> undecided = new LinkedHashSet<>();
            verdicts.stream().filter(v -> v.verdict() == Verdict.INCONCLUSIVE).forEach(v -> undecided.add(
                    jmhName(samples, v)));
            if (undecided.isEmpty() || rounds >= settings.maxRounds()) {
                return new Result(samples, verdicts, rounds);
            }
            planned = Math.min(settings.stepRounds(), settings.maxRounds() - rounds);
            include = "^(" + String.join("|", undecided.stream().map(Pattern::quote).toList()) + ")$";
            out.printf(Locale.ROOT, "gate: %d metric(s) inconclusive after %d rounds: %d more rounds of %s%n",
                    verdicts.stream().filter(v -> v.verdict() == Verdict.INCONCLUSIVE).count(), rounds, planned,
                    String.join(", ", undecided.stream().map(GateRunner::shortName).toList()));
            out.flush();
        }
    }

    private void round(int round, String include, Instrument baseline, Instrument candidate, Samples samples,
            int roundsLeft) throws IOException, InterruptedException {
        List<Instrument> sides = new ArrayList<>(List.of(baseline, candidate));
        if (order.nextBoolean()) {
            sides = sides.reversed();
        }
        for (int i = 0; i < sides.size(); i++) {
            Instrument side = sides.get(i);
            long start = System.nanoTime();
            samples.add(side.side(), fork(round, include, side,
                    round <= FOOTPRINT_ROUNDS || !include.equals(settings.include())));
            runNanos += System.nanoTime() - start;
            runsDone++;
            long left = (runNanos / runsDone) * ((long) roundsLeft * 2 + (sides.size() - 1 - i)) / 1_000_000_000L;
            out.printf(Locale.ROOT, "gate: round %d, %s done (%d JMH runs so far); about %d min %02d s left in this"
                    + " batch (budget: %d rounds)%n", round, side.side(), runsDone, left / 60, left % 60,
                    settings.maxRounds());
            out.flush();
        }
    }

    /**
     * One fork of every selected benchmark on {@code side}; its measurements. Two JMH runs: the timed benchmarks with
     * the settings' iterations, and (when {@code withFootprint}: in the first {@value #FOOTPRINT_ROUNDS} rounds, and in
     * the extension rounds of an undecided footprint benchmark) the footprint benchmarks, whose every fork is one
     * workload in a fresh JVM: no warmup, one iteration, their figures through the footprint profiler. Their figures
     * should repeat, so a few forks decide them; one whose forks differ is tested and may need more.
     */
    List<Measurement> fork(int round, String include, Instrument side, boolean withFootprint)
            throws IOException, InterruptedException {
        List<Measurement> all = new ArrayList<>(jmh(round, "", "^(?=.*?(?:" + include + "))(?!.*\\.footprint\\.)",
                side, settings, false));
        if (withFootprint) {
            GateSettings footprint = new GateSettings(settings.name(), settings.include(), settings.params(), 0,
                    settings.warmupMillis(), 1, settings.iterationMillis(), 1, 1, 1,
                    Stream.concat(settings.profilers().stream()
                            .filter(p -> !p.equals(GateSettings.CPU_PROFILER)), Stream.of(
                                    GateSettings.FOOTPRINT_PROFILER)).distinct().toList(),
                    settings.forkJvmArgs(), settings.cpus());
            all.addAll(jmh(round, "-footprint", "^(?=.*?(?:" + include + "))(?=.*\\.footprint\\.)", side,
                    footprint, false));
        }
        if (all.isEmpty()) {
            throw new IOException("the " + side.side() + " run of round " + round + " measured nothing: no benchmark"
                    + " matches " + include);
        }
        return all;
    }

    /** How often a JMH run is retried when another JMH holds JMH's lock file. */
    static final int JMH_LOCK_RETRIES = 8;

    /** Rounds that also run the footprint benchmarks. */
    static final int FOOTPRINT_ROUNDS = 3;

    private List<Measurement> jmh(int round, String suffix, String include, Instrument side, GateSettings s,
            boolean required) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        String stem = stem(round, side.side(), suffix);
        Path json = workDir.resolve(stem + ".json");
        Path log = workDir.resolve(stem + ".log");
        Files.deleteIfExists(json);
        List<String> command = command(side, s.jmhOptions(include, json.toString()));
        Processes.Result r = runJmh(workDir, command, log, out);
        if (r.lines().stream().anyMatch(l -> l.contains("No matching benchmarks"))) {
            if (required) {
                throw new IOException("no " + side.side() + " benchmark matches " + include + " (log " + log + ")");
            }
            // JMH leaves an empty result file behind; the history import reads every fork file, and an empty one
            // is not a JMH result (a gate with --include selecting no footprint benchmark recorded nothing).
            Files.deleteIfExists(json);
            return List.of();
        }
        if (r.exit() != 0 || !Files.isRegularFile(json)) {
            throw new IOException("the " + side.side() + " benchmarks failed in round " + round + " (exit "
                    + r.exit() + "; log " + log + "):\n" + WorktreeBuild.tail(r.lines()));
        }
        return JmhJson.read(json);
    }

    /** A round's JMH result and log file name of {@code side}, less the extension (suffix "" or "-footprint"). */
    static String stem(int round, String side, String suffix) {
        return String.format(Locale.ROOT, "round%02d-%s%s", round, side, suffix);
    }

    /**
     * Runs a JMH command; when a JMH started by someone without the benchmark lock holds JMH's own lock, waits for it
     * and retries, a few times.
     */
    static Processes.Result runJmh(Path dir, List<String> command, Path log, PrintWriter out)
            throws IOException, InterruptedException {
        Processes.Result r = Processes.run(dir, command, log, line -> { });
        for (int retry = 1; retry <= JMH_LOCK_RETRIES && r.exit() != 0
                && r.lines().stream().anyMatch(l -> l.contains("Unable to acquire the JMH lock")); retry++) {
            out.println("gate: another JMH run (outside the benchmark lock) holds /tmp/jmh.lock; retrying in 15 s");
            out.flush();
            Thread.sleep(15_000);
            r = Processes.run(dir, command, log, line -> { });
        }
        return r;
    }

    /** The full command line of a JMH run on {@code side}. */
    List<String> command(Instrument side, List<String> jmhOptions) {
        List<String> command = new ArrayList<>();
        if (settings.cpus() != null) {
            command.addAll(List.of("taskset", "-c", settings.cpus()));
        }
        command.add(java);
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(side.jmhMain());
        command.addAll(jmhOptions);
        return command;
    }

    private static String jmhName(Samples samples, MetricVerdict v) {
        return samples.series().stream().filter(s -> s.benchmark().equals(v.benchmark())).findFirst()
                .orElseThrow().jmhName();
    }

    private static String shortName(String jmhName) {
        String[] parts = jmhName.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] : jmhName;
    }
}
