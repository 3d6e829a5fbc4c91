package org.jmalloc.guardrails.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jmalloc.guardrails.config.Thresholds;
import org.jmalloc.guardrails.verdict.Evaluator;
import org.jmalloc.guardrails.verdict.GateResult;
import org.jmalloc.guardrails.verdict.MetricVerdict;
import org.jmalloc.guardrails.verdict.Observation;
import org.jmalloc.guardrails.verdict.Verdict;

/**
 * One gate run from a built candidate tree to its {@link GateResult}: build the baseline in a temporary worktree,
 * check that the candidate's benchmarks link against the baseline's allocator (and that the forks really load it),
 * run the interleaved forks, evaluate.
 *
 * <p>When the baseline's allocator cannot link (the candidate changed the allocator's API), each side runs its own
 * benchmarks jar instead, and only benchmarks whose code is the same in both revisions (by {@link BenchmarkCode}
 * content hash) are compared; the others are listed as NEW or CHANGED, never as passed.
 *
 * <p>The caller holds the {@link GateLock} and has built the candidate tree ({@link Builds#packageCommand()}).
 */
public final class Gate {

    private final Path candidateRoot;
    private final GateSettings settings;
    private final Thresholds thresholds;
    private final long seed;
    private final Path workDir;
    private final PrintWriter out;

    /**
     * @param candidateRoot the candidate source tree (a git work tree, already built)
     * @param settings what to run
     * @param thresholds the rules
     * @param seed the fork order's and the bootstrap's seed
     * @param workDir where logs, JMH results and the baseline worktree go
     * @param out progress lines
     */
    public Gate(Path candidateRoot, GateSettings settings, Thresholds thresholds, long seed, Path workDir,
            PrintWriter out) {
        this.candidateRoot = candidateRoot;
        this.settings = settings;
        this.thresholds = thresholds;
        this.seed = seed;
        this.workDir = workDir;
        this.out = out;
    }

    /** Runs the gate against {@code baseline}; {@code started} is the run's start (System.nanoTime) for its wall time. */
    public GateResult run(Revision baseline, long started) throws IOException, InterruptedException {
        Revision candidate = Revision.candidate(candidateRoot);
        List<String> notes = new ArrayList<>();
        GateSettings plan = settings;
        Optional<String> perf = PerfCheck.unavailable();
        if (perf.isPresent()) {
            notes.add("perf counters: not measured, " + perf.get());
        } else {
            plan = plan.withProfilers(Stream.concat(plan.profilers().stream(), Stream.of("perfnorm")).toList());
            notes.add("perf counters: measured with JMH -prof perfnorm");
        }
        try (WorktreeBuild build = WorktreeBuild.create(candidateRoot, baseline, workDir.resolve("worktrees"), out)) {
            Path candidateBenchmarks = Builds.benchmarksJar(candidateRoot);
            Instrument b = new Instrument("baseline", build.allocatorJar(), candidateBenchmarks);
            Instrument c = new Instrument("candidate", Builds.allocatorJar(candidateRoot), candidateBenchmarks);
            Path check = workDir.resolve("check");
            Optional<String> linkage = InstrumentCheck.verify(plan, b, check, out);
            String instrument;
            List<MetricVerdict> listed = new ArrayList<>();
            if (linkage.isEmpty()) {
                InstrumentCheck.verify(plan, c, check, out);
                instrument = "the candidate's benchmarks jar against both allocator builds";
            } else {
                out.println("gate: the candidate's benchmarks do not link against the baseline's allocator ("
                        + linkage.get() + "): falling back to each revision's own benchmarks");
                b = new Instrument("baseline", build.allocatorJar(), build.benchmarksJar());
                InstrumentCheck.verify(plan, b, check, out).ifPresent(e -> {
                    throw new IllegalStateException("the baseline's own benchmarks do not link either: " + e);
                });
                BenchmarkCode.Comparison code = BenchmarkCode.compare(build.dir(), candidateRoot);
                listed.addAll(code.changed().stream().map(n -> Evaluator.notCompared(n, Verdict.CHANGED,
                        "benchmark code differs between the revisions (" + code.hashes(n) + ")")).toList());
                listed.addAll(code.added().stream().map(n -> Evaluator.notCompared(n, Verdict.NEW,
                        "exists only in the candidate")).toList());
                plan = code.unchangedOnly(plan);
                instrument = "each revision's own benchmarks (API change: " + linkage.get() + "), benchmarks with"
                        + " unchanged code only";
                notes.add("fallback: " + instrument);
            }
            GateRunner.Result r = new GateRunner(plan, thresholds, seed, workDir.resolve("forks"), out).run(b, c);
            List<MetricVerdict> verdicts = new ArrayList<>(r.verdicts());
            r.samples().candidateOnly().forEach(n -> verdicts.add(Evaluator.notCompared(n, Verdict.NEW,
                    "no baseline measurement")));
            verdicts.addAll(listed);
            if (settings.stressSmoke()) {
                verdicts.addAll(stress(b, c, notes));
            }
            notes.add(String.format(java.util.Locale.ROOT, "%d rounds (budget %d): each round one fork of every"
                    + " benchmark per side, sides in seeded random order", r.rounds(), plan.maxRounds()));
            long wall = (System.nanoTime() - started) / 1_000_000_000L;
            return new GateResult(baseline.label(), candidate.label(), settings.name(), instrument, seed, verdicts,
                    notes, wall);
        }
    }

    /** The full gate's stress smoke on both sides, evaluated: one deterministic verdict per workload. */
    private List<MetricVerdict> stress(Instrument b, Instrument c, List<String> notes)
            throws IOException, InterruptedException {
        StressSmoke smoke = new StressSmoke(candidateRoot.resolve("lab-cli/target/jmalloc-lab.jar"),
                workDir.resolve("stress"), seed, out);
        StressSmoke.Side candidate = smoke.run(c);
        if (candidate.linkage().isPresent()) {
            throw new IOException("the candidate's stress code does not run against its own allocator: "
                    + candidate.linkage().get());
        }
        StressSmoke.Side baseline = smoke.run(b);
        if (baseline.linkage().isPresent()) {
            notes.add("stress smoke: the candidate's stress code does not link against the baseline's allocator ("
                    + baseline.linkage().get() + "); each workload's candidate violations are compared with 0");
        }
        List<Observation> obs = new ArrayList<>();
        for (Measurement m : candidate.violations()) {
            double base = baseline.violations().stream().filter(x -> x.benchmark().equals(m.benchmark()))
                    .mapToDouble(Measurement::value).findFirst().orElse(0);
            obs.add(new Observation(m.benchmark(), m.jmhName(), m.metric(), m.unit(), new double[] {base},
                    new double[] {m.value()}));
        }
        notes.add("stress smoke: every workload for " + StressSmoke.SECONDS + " s per side");
        return new Evaluator(thresholds, 1000, seed).evaluate(obs);
    }

    /** The gate's work directory under a tree: {@code target/gate}. */
    public static Path defaultWorkDir(Path root) {
        return root.resolve("target/gate");
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
