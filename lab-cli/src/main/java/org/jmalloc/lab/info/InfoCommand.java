package org.jmalloc.lab.info;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jmalloc.allocator.Allocator;
import org.jmalloc.allocator.AllocatorBuilder;
import org.jmalloc.allocator.StatsOptions;
import org.jmalloc.allocator.StatsReport;
import org.jmalloc.allocator.TestFault;
import org.jmalloc.allocator.os.Hardware;
import org.jmalloc.lab.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lab info}: prints the machine's hardware facts, the effective configuration of a fresh
 * allocator, the outcome of a {@link SelfCheck} run on it, and its stats while the self-check's
 * blocks were allocated. The allocator is built with the options given (defaults otherwise) and
 * closed before the command returns.
 */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        header = "Hardware facts, allocator configuration, self-check and stats.",
        description = {
            "Prints hardware facts, the allocator's effective configuration, a self-check of a fresh "
                    + "allocator (every allocation call over a spread of sizes, contents and overlap checked) "
                    + "and its stats while the self-check's blocks were live.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the self-check passed",
            "1:the self-check failed (the report says which check and why)",
            "2:invalid command line or allocator configuration",
            ExitCode.CANNOT_RUN_LINE,
        },
        footerHeading = "%nExample:%n",
        footer = "  ./lab info --json --page-size 16384   the report as JSON, for an allocator with 16 KiB pages")
public final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the report as JSON instead of text.")
    boolean json;

    @Option(names = "--stats", description = "Print the checked allocator's full stats (as jemalloc's "
            + "malloc_stats_print: per arena, per size class) instead of the report; with --json as JSON.")
    boolean stats;

    @Option(names = "--stats-omit", paramLabel = "LETTERS", defaultValue = "",
            description = "With --stats, sections to leave out, as malloc_stats_print's letters: g general, "
                    + "m merged, a arenas, b bins, l large, e extents, t threads.")
    String statsOmit;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "Show the N busiest size classes (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--arenas", paramLabel = "N", description = "Check an allocator with N arenas (default: 4 x CPUs).")
    Integer arenas;

    @Option(names = "--page-size", paramLabel = "BYTES",
            description = "Check an allocator with this logical page size: a power of two >= the OS page.")
    Long pageSize;

    @Option(names = "--no-thread-cache", description = "Check an allocator without thread caches.")
    boolean noThreadCache;

    /** TEST ONLY: injects an allocator bug so the self-check's failure path can be exercised. */
    @Option(names = "--test-fault", hidden = true)
    TestFault testFault;

    @Override
    public Integer call() {
        if (top < 0) {
            throw new ParameterException(spec.commandLine(), "--top must be 0 or more, got " + top);
        }
        StatsOptions statsOptions = statsOptions();
        Allocator allocator = build();
        InfoReport report;
        String statsReport = null;
        try {
            SelfCheck.Result result = SelfCheck.run(allocator);
            report = InfoReport.of(Hardware.detect(), allocator.config(), result, top);
            if (stats && result.liveStats() != null) {
                statsReport = StatsReport.render(result.liveStats(), allocator.config(), statsOptions);
            }
        } finally {
            allocator.close();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (statsReport != null) {
            out.print(statsReport);
        } else {
            out.print(json ? report.toJson() : TextReport.render(report));
        }
        out.flush();
        if (!report.selfCheck().passed()) {
            SelfCheck.Check first = report.selfCheck().checks().stream().filter(c -> !c.passed()).findFirst()
                    .orElseThrow();
            PrintWriter err = spec.commandLine().getErr();
            err.println("lab info: self-check failed: " + first.name() + ": " + first.detail());
            err.flush();
            return 1;
        }
        return 0;
    }

    private StatsOptions statsOptions() {
        if (statsOmit.indexOf('J') >= 0) {
            throw new ParameterException(spec.commandLine(), "--stats-omit takes section letters only; use --json for JSON");
        }
        try {
            return StatsOptions.parse((json ? "J" : "") + statsOmit);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--stats-omit: " + e.getMessage());
        }
    }

    private Allocator build() {
        try {
            AllocatorBuilder builder = Allocator.builder();
            if (arenas != null) {
                builder = builder.arenas(arenas);
            }
            if (pageSize != null) {
                builder = builder.pageSize(pageSize);
            }
            if (noThreadCache) {
                builder = builder.threadCache(false);
            }
            if (testFault != null) {
                builder = builder.testFault(testFault);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "invalid allocator configuration: " + e.getMessage());
        }
    }
}
