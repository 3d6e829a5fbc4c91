package org.jmalloc.guardrails.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Before measuring, one very short JMH run per side (every selected timed benchmark, no warmup, one 10 ms iteration) with
 * the forks' class loading logged: it shows whether the benchmarks link against the side's allocator at all, and
 * proves from the forks' own log that they loaded {@code org.jmalloc.allocator.Allocator} from the side's allocator
 * jar, not from the copy inside the benchmarks jar.
 */
final class InstrumentCheck {

    /** The footprint benchmarks' scale switch: sizes divided by this (the benchmarks' FootprintHarness reads it). */
    static final String FOOTPRINT_DIVISOR = "jmalloc.footprint.divisor";

    private InstrumentCheck() {
    }

    /**
     * Runs the check on {@code side}.
     *
     * @return the linkage error when the benchmarks cannot link against this allocator, else empty
     * @throws IOException when the run fails otherwise, or the forks loaded the allocator from another jar
     */
    static Optional<String> verify(GateSettings plan, Instrument side, Path dir, PrintWriter out)
            throws IOException, InterruptedException {
        Path sideDir = dir.resolve(side.side());
        Gate.deleteTree(sideDir);
        Files.createDirectories(sideDir);
        List<String> forkArgs = new ArrayList<>(plan.forkJvmArgs());
        forkArgs.add("-Xlog:class+load=info:file=" + sideDir.resolve("classload-%p.log"));
        GateSettings check = new GateSettings(plan.name(), plan.include(), plan.params(), 0, 10, 1, 10, 1, 1, 1,
                plan.profilers().stream().filter(p -> !p.equals("perfnorm")).toList(), forkArgs, plan.cpus());
        out.println("gate: checking the " + side.side() + " instrument: " + side.classPath());
        out.flush();
        GateRunner runner = new GateRunner(check, null, 0, sideDir, out);
        Path json = sideDir.resolve("check.json");
        Path log = sideDir.resolve("check.log");
        // The timed benchmarks only: a footprint fork is a whole workload (seconds), and they link the same classes.
        String timed = "^(?=.*?(?:" + check.include() + "))(?!.*\\.footprint\\.)";
        Processes.Result r = GateRunner.runJmh(sideDir, runner.command(side, check.jmhOptions(timed,
                json.toString())), log, out);
        if (r.exit() != 0 && r.lines().stream().anyMatch(l -> l.contains("No matching benchmarks"))) {
            // A selection of footprint benchmarks only: check those, at a hundredth of their size.
            List<String> small = new ArrayList<>(forkArgs);
            small.add("-D" + FOOTPRINT_DIVISOR + "=100");
            GateSettings footprint = new GateSettings(check.name(), check.include(), check.params(), 0, 10, 1, 10, 1,
                    1, 1, check.profilers(), small, check.cpus());
            String pattern = "^(?=.*?(?:" + check.include() + "))(?=.*\\.footprint\\.)";
            r = GateRunner.runJmh(sideDir, runner.command(side, footprint.jmhOptions(pattern, json.toString())), log,
                    out);
        }
        Optional<String> linkage = LinkCheck.linkageError(r.lines());
        if (linkage.isPresent()) {
            return linkage;
        }
        if (r.exit() != 0 || !Files.isRegularFile(json)) {
            throw new IOException("the " + side.side() + " check run failed (exit " + r.exit() + "; log " + log
                    + "):\n" + WorktreeBuild.tail(r.lines()));
        }
        List<String> loads = new ArrayList<>();
        try (Stream<Path> files = Files.list(sideDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("classload-")).toList()) {
                loads.addAll(Files.readAllLines(f));
            }
        }
        Optional<String> source = LinkCheck.allocatorSource(loads);
        if (source.isEmpty()) {
            throw new IOException("the " + side.side() + " forks never loaded org.jmalloc.allocator.Allocator"
                    + " (class-loading logs in " + sideDir + ")");
        }
        if (!Path.of(source.get()).toAbsolutePath().normalize()
                .equals(side.allocatorJar().toAbsolutePath().normalize())) {
            throw new IOException("the " + side.side() + " forks loaded the allocator from " + source.get()
                    + ", not from " + side.allocatorJar() + ": the class path does not shadow the benchmarks jar's"
                    + " copy");
        }
        return Optional.empty();
    }
}
