package org.jmalloc.lab.gate;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.jmalloc.guardrails.config.Thresholds;
import org.jmalloc.guardrails.run.Bisection;
import org.jmalloc.guardrails.run.Gate;
import org.jmalloc.guardrails.run.GateLock;
import org.jmalloc.guardrails.run.GateSettings;
import org.jmalloc.guardrails.run.Revision;
import org.jmalloc.guardrails.run.WorktreeBuild;
import org.jmalloc.guardrails.verdict.GateResult;
import org.jmalloc.guardrails.verdict.MetricVerdict;
import org.jmalloc.guardrails.verdict.Verdict;
import org.jmalloc.lab.core.run.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lab bisect}: the first commit between a good and a bad revision that the gate rejects. Binary search over
 * {@code git rev-list --ancestry-path GOOD..BAD}: each step builds the middle commit in a temporary worktree and gates
 * it against GOOD (so every step asks "is this commit worse than the known-good one?"), printing the step's verdict.
 */
@Command(
        name = "bisect",
        mixinStandardHelpOptions = true,
        description = "Finds the first commit between --good and --bad that the quick gate rejects, printing each"
                + " step; --metric restricts the decision to metrics matching a glob (e.g. 'latency.*').",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the first regressing commit was found", "1:no commit regresses against --good",
            "2:bad command line, a step could not run, or a step stayed inconclusive"})
public final class BisectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--good", required = true, paramLabel = "REV", description = "A revision known to be good.")
    String good;

    @Option(names = "--bad", required = true, paramLabel = "REV", description = "A later revision known to be bad.")
    String bad;

    @Option(names = "--metric", paramLabel = "GLOB", defaultValue = "*", description = "Only metrics whose name"
            + " matches count (default: every guarded metric).")
    String metric;

    @Option(names = "--rounds", paramLabel = "N[,MAX]", split = ",", description = "Rounds per step, as for lab"
            + " gate.")
    List<Integer> rounds;

    @Option(names = "--include", paramLabel = "REGEX", description = "Only these benchmarks, as for lab gate.")
    String include;

    @Option(names = "--seed", defaultValue = "20261201", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Path root = Workspace.locate(Workspace.codeSource(BisectCommand.class), Path.of("").toAbsolutePath())
                    .root();
            Revision goodRev = Revision.baseline(root, good);
            Revision badRev = Revision.baseline(root, bad);
            List<String> commits = commits(root, goodRev.commit(), badRev.commit());
            if (commits.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--bad " + bad + " is not a descendant of --good "
                        + good);
            }
            GateCommand gate = new GateCommand();
            gate.include = include;
            gate.rounds = rounds;
            gate.seed = seed;
            Thresholds thresholds = gate.thresholds(root);
            out.printf(Locale.ROOT, "bisect: %d commits after %s up to %s, at most %d steps (step 0 gates --bad)%n",
                    commits.size(), goodRev.label(), badRev.label(), Bisection.maxSteps(commits.size()));
            Bisection.Result r;
            try (GateLock lock = GateLock.acquire(GateLock.DEFAULT, out)) {
                r = Bisection.search(commits, (commit, step) -> {
                    out.printf(Locale.ROOT, "bisect step %d: gating %s against %s%n", step, Bisection.abbrev(commit),
                            goodRev.label());
                    out.flush();
                    return judge(gate, root, thresholds, goodRev, new Revision(commit, Bisection.abbrev(commit)),
                            step, out);
                }, out);
            }
            if (r.nothingRegresses()) {
                out.println("bisect: --bad " + badRev.label() + " does not regress against --good " + goodRev.label()
                        + ": nothing to bisect");
                return 1;
            }
            if (r.undecided() != null) {
                out.println("bisect: the gate could not decide " + Bisection.abbrev(r.undecided()) + " (see its"
                        + " report under target/gate/bisect); the first regressing commit is after "
                        + (r.lastGood() == null ? goodRev.label() : Bisection.abbrev(r.lastGood()))
                        + (r.firstBad() == null ? "" : " and at or before " + Bisection.abbrev(r.firstBad()))
                        + ". Rerun with more rounds (--rounds 16,32) or a narrower --metric.");
                return 2;
            }
            out.println("bisect: first regressing commit: " + Bisection.abbrev(r.firstBad()) + " "
                    + subjectLine(root, r.firstBad()) + " (" + r.steps() + " gate runs)");
            out.flush();
            return 0;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ParameterException p) {
                throw p;
            }
            spec.commandLine().getErr().println("lab bisect: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    /** Gates {@code candidate} against {@code goodRev} in a worktree of its own: does a matching metric regress? */
    private Bisection.Step judge(GateCommand gate, Path root, Thresholds thresholds, Revision goodRev,
            Revision candidate, int step, PrintWriter out) throws IOException, InterruptedException {
        Path work = Gate.defaultWorkDir(root).resolve("bisect").resolve("step" + step);
        try (WorktreeBuild build = WorktreeBuild.create(root, candidate, work.resolve("candidate"), out)) {
            GateSettings settings = gate.settings(build.dir());
            GateResult result = new Gate(build.dir(), settings, thresholds, seed, work, out).run(goodRev,
                    System.nanoTime());
            GateCommand.write(result, work, out);
            Pattern glob = Pattern.compile(metric.replace(".", "\\.").replace("*", ".*"));
            List<MetricVerdict> matching = result.verdicts().stream()
                    .filter(v -> glob.matcher(v.metric()).matches()).toList();
            if (matching.stream().anyMatch(v -> v.verdict() == Verdict.REGRESSION)) {
                return Bisection.Step.REGRESSES;
            }
            return matching.stream().anyMatch(v -> v.verdict() == Verdict.INCONCLUSIVE) ? Bisection.Step.UNDECIDED
                    : Bisection.Step.PASSES;
        }
    }

    private static List<String> commits(Path root, String good, String bad) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("git", "-C", root.toString(), "rev-list", "--reverse", "--ancestry-path",
                good + ".." + bad).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>(new String(p.getInputStream().readAllBytes()).lines().toList());
        if (p.waitFor() != 0) {
            throw new IOException("git rev-list failed: " + String.join("\n", lines));
        }
        return lines;
    }

    private static String subjectLine(Path root, String commit) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("git", "-C", root.toString(), "log", "-1", "--format=%s", commit).start();
        String s = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return s;
    }
}
