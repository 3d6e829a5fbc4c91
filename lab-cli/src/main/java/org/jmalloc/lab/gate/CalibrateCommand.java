package org.jmalloc.lab.gate;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jmalloc.guardrails.run.Builds;
import org.jmalloc.guardrails.run.Calibration;
import org.jmalloc.guardrails.run.Gate;
import org.jmalloc.guardrails.run.GateLock;
import org.jmalloc.guardrails.run.Instrument;
import org.jmalloc.lab.core.run.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lab calibrate}: the gate's false-alarm rate and power on this machine, measured. */
@Command(
        name = "calibrate",
        mixinStandardHelpOptions = true,
        description = {
            "Measures the quick gate on this machine: runs one build for many forks, applies the gate's decision"
                    + " rule to random A/A splits of that pool (false-alarm rate) and to splits against pools with a"
                    + " known 5 %% and 10 %% fast-path slowdown added by the benchmark harness (power).",
            "Writes target/gate/calibration.md.",
        })
public final class CalibrateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--pool", defaultValue = "32", description = "Runs in the one-build pool (default: ${DEFAULT-VALUE},"
            + " twice the gate's fork budget, so A/A splits can extend to it).")
    int poolRounds;

    @Option(names = "--slowed", defaultValue = "16", description = "Runs in each slowed pool (default:"
            + " ${DEFAULT-VALUE}).")
    int slowedRounds;

    @Option(names = "--splits", defaultValue = "1000", description = "Random splits per rate (default:"
            + " ${DEFAULT-VALUE}).")
    int splits;

    @Option(names = "--seed", defaultValue = "20261201", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--replay", description = "Runs no benchmark: applies the current thresholds and decision rule"
            + " to the pools the last run saved under target/gate/calibration (same --pool, --slowed and --seed).")
    boolean replay;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Workspace ws = Workspace.locate(Workspace.codeSource(CalibrateCommand.class), Path.of("").toAbsolutePath());
            Path root = ws.root();
            GateCommand gate = new GateCommand();
            Path work = Gate.defaultWorkDir(root).resolve("calibration");
            Calibration calibration = new Calibration(gate.settings(root), gate.thresholds(root), seed, work, out);
            Calibration.Report report;
            if (replay) {
                report = calibration.replay(poolRounds, slowedRounds, splits);
            } else {
                GateCommand.buildCandidate(root, out);
                report = measure(calibration, root, out);
            }
            String md = CalibrationReport.render(report, String.format(java.util.Locale.ROOT,
                    "./lab calibrate --pool %d --slowed %d --splits %d --seed %d%s", poolRounds, slowedRounds, splits,
                    seed, replay ? " --replay" : ""));
            Files.createDirectories(Gate.defaultWorkDir(root));
            Files.writeString(Gate.defaultWorkDir(root).resolve("calibration.md"), md, StandardCharsets.UTF_8);
            out.println();
            out.print(md);
            out.flush();
            return 0;
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("lab calibrate: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    /** Collects the pools under the machine's benchmark lock and simulates the gates. */
    private Calibration.Report measure(Calibration calibration, Path root, PrintWriter out)
            throws IOException, InterruptedException {
        try (GateLock lock = GateLock.acquire(GateLock.DEFAULT, out)) {
            Instrument instrument = new Instrument("candidate", Builds.allocatorJar(root), Builds.benchmarksJar(root));
            return calibration.run(instrument, poolRounds, slowedRounds, splits);
        }
    }
}
