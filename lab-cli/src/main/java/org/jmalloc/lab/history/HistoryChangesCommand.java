package org.jmalloc.lab.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jmalloc.lab.core.metric.Direction;
import org.jmalloc.lab.core.text.TextTable;
import org.jmalloc.results.report.ChangeAnalysis;
import org.jmalloc.results.report.Progress;
import org.jmalloc.results.report.SeriesChange;
import org.jmalloc.results.store.HistoryException;
import org.jmalloc.results.store.HistorySnapshot;
import org.jmalloc.results.store.HistoryStore;
import org.jmalloc.results.store.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lab history changes}: the change points of every series of the history (gate runs left out), newest
 * first, as a table or as a JSON list.
 */
@Command(
        name = "changes",
        mixinStandardHelpOptions = true,
        header = "Change points of every series: where a benchmark's figure moved, between which commits, how much.",
        description = {
            "Runs E-divisive change-point detection with a Student t-test (the method of Apache Otava) on every"
                    + " series of the history: one benchmark, params, metric and implementation on one hardware"
                    + " profile, oldest first. Each change is listed with the commits around it, its time, its index"
                    + " in the series, the means before and after, the change in percent (worse or better by the"
                    + " metric's direction: a latency that rises is worse, a throughput that rises better) and the"
                    + " p-value.",
            "Change points are not failures: the exit code is 1 only when the history holds damaged rows.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./lab history changes",
            "  ./lab history changes --json --min-magnitude 0.02 > changes.json",
            "  ./lab history changes --jdbc jdbc:postgresql://db.example.org:5432/perf --p-value 0.0001",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the history was read whole (whether or not it has change points)",
            "1:the history could not be read, or some of its rows are damaged (listed; the rest is analysed)",
            "2:invalid command line"})
public final class HistoryChangesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    ChangePointOptions changePoints;

    @Option(names = "--json", description = "Print a JSON list instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ChangeAnalysis analysis = new ChangeAnalysis(changePoints.detector(spec));
        try (HistoryStore history = store.open(spec)) {
            HistorySnapshot snapshot = history.read();
            for (Problem p : snapshot.problems()) {
                err.println("lab history changes: skipped " + p);
            }
            List<SeriesChange> changes = analysis.changes(ChangeAnalysis.trendSeries(snapshot),
                    Progress.NONE);
            if (json) {
                out.println(toJson(changes));
            } else {
                printTable(out, changes, history.describe(), snapshot);
            }
            return snapshot.problems().isEmpty() ? 0 : 1;
        } catch (HistoryException e) {
            err.println("lab history changes: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private void printTable(PrintWriter out, List<SeriesChange> changes, String where, HistorySnapshot snapshot) {
        out.printf(Locale.ROOT, "%s: %d series, %d change points (%s)%n", where,
                ChangeAnalysis.trendSeries(snapshot).size(), changes.size(), changePoints.describe());
        if (changes.isEmpty()) {
            return;
        }
        TextTable table = TextTable.of("series", "commits", "time", ">index", ">mean before", ">mean after",
                ">change", ">p-value");
        for (SeriesChange c : changes) {
            table.row(c.series().toString(), c.commitRange(), c.time().toString(), c.index(),
                    number(c.meanBefore()) + " " + c.unit(), number(c.meanAfter()) + " " + c.unit(),
                    change(c),
                    String.format(Locale.ROOT, "%.1e", c.pValue()));
        }
        out.print(table.render(""));
    }

    /**
     * The changes as a JSON list, newest first; numbers unrounded, times ISO-8601 UTC. {@code direction} is the
     * metric's in lab-core's catalog ({@code lower-is-better}, {@code higher-is-better}, {@code null} for a metric the
     * catalog does not know); {@code assessment} is {@code worse}, {@code better}, {@code unchanged} or
     * {@code unknown} by it.
     */
    static String toJson(List<SeriesChange> changes) throws Exception {
        List<Map<String, Object>> list = new ArrayList<>();
        for (SeriesChange c : changes) {
            Map<String, Object> series = new LinkedHashMap<>();
            series.put("benchmark", c.series().benchmark());
            series.put("params", c.series().params().values());
            series.put("metric", c.series().metric());
            series.put("implementation", c.series().implementation());
            series.put("hardwareProfile", c.series().hardwareProfile());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("series", series);
            m.put("unit", c.unit());
            m.put("commitBefore", c.commitBefore());
            m.put("commit", c.commit());
            m.put("time", c.time().toString());
            m.put("runId", c.runId());
            m.put("index", c.index());
            m.put("meanBefore", c.meanBefore());
            m.put("meanAfter", c.meanAfter());
            m.put("changePercent", c.changePercent());
            m.put("pValue", c.pValue());
            m.put("direction", c.direction().map(HistoryChangesCommand::directionId).orElse(null));
            m.put("assessment", c.assessment().id());
            list.add(m);
        }
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(list);
    }

    /** {@code lower-is-better} or {@code higher-is-better}. */
    static String directionId(Direction d) {
        return d.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** E.g. {@code +9.8 % worse}; only the percentage when the catalog does not know the metric. */
    private static String change(SeriesChange c) {
        String percent = String.format(Locale.ROOT, "%+.1f %%", c.changePercent());
        return switch (c.assessment()) {
            case WORSE, BETTER -> percent + " " + c.assessment().id();
            case UNCHANGED, UNKNOWN -> percent;
        };
    }

    private static String number(double v) {
        return Math.abs(v) >= 10_000 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3f", v);
    }
}
