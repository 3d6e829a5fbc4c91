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
            "2:bad command line or a step could not run"})
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
            int lo = -1;
            int hi = commits.size() - 1;
            int step = 0;
            int steps = 1 + (int) Math.ceil(Math.log(commits.size()) / Math.log(2));
            out.printf(Locale.ROOT, "bisect: %d commits after %s up to %s, about %d steps%n", commits.size(),
                    goodRev.label(), badRev.label(), steps);
            try (GateLock lock = GateLock.acquire(GateLock.DEFAULT, out)) {
                Revision last = new Revision(commits.get(hi), commits.get(hi).substring(0, 7));
                out.printf(Locale.ROOT, "bisect step 0: gating --bad %s against %s%n", last.label(), goodRev.label());
                if (!regressed(gate, root, thresholds, goodRev, last, 0, out)) {
                    out.println("bisect: --bad " + last.label() + " does not regress against --good "
                            + goodRev.label() + ": nothing to bisect");
                    return 1;
                }
                while (hi - lo > 1) {
                    int mid = (lo + hi) >>> 1;
                    step++;
                    Revision candidate = new Revision(commits.get(mid), commits.get(mid).substring(0, 7));
                    out.printf(Locale.ROOT, "bisect step %d: gating %s against %s%n", step, candidate.label(),
                            goodRev.label());
                    out.flush();
                    boolean regressed = regressed(gate, root, thresholds, goodRev, candidate, step, out);
                    out.printf(Locale.ROOT, "bisect step %d: %s %s%n", step, candidate.label(),
                            regressed ? "REGRESSES" : "passes");
                    if (regressed) {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                }
            }
            String first = commits.get(hi);
            out.println("bisect: first regressing commit: " + first.substring(0, 7) + " " + subjectLine(root, first));
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

    private boolean regressed(GateCommand gate, Path root, Thresholds thresholds, Revision goodRev, Revision candidate,
            int step, PrintWriter out) throws IOException, InterruptedException {
        Path work = Gate.defaultWorkDir(root).resolve("bisect").resolve("step" + step);
        try (WorktreeBuild build = WorktreeBuild.create(root, candidate, work.resolve("candidate"), out)) {
            GateSettings settings = gate.settings(build.dir());
            GateResult result = new Gate(build.dir(), settings, thresholds, seed, work, out).run(goodRev,
                    System.nanoTime());
            GateCommand.write(result, work, out);
            Pattern glob = Pattern.compile(metric.replace(".", "\\.").replace("*", ".*"));
            List<MetricVerdict> hits = result.verdicts().stream()
                    .filter(v -> v.verdict() == Verdict.REGRESSION && glob.matcher(v.metric()).matches()).toList();
            return !hits.isEmpty();
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
