package org.jmalloc.stress.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jmalloc.lab.core.metric.Metric;
import org.jmalloc.lab.core.metric.MetricCatalog;
import org.jmalloc.stress.StressOptions;
import org.jmalloc.stress.StressResult;
import org.jmalloc.stress.WorkloadResult;
import org.jmalloc.stress.check.Violation;

/**
 * The JSON result file of a stress run, schema {@value #SCHEMA} version {@value #SCHEMA_VERSION}, for the results
 * history to import; {@code stress/README.md} documents every field. An object with, in this order: {@code schema},
 * {@code schemaVersion}, {@code startedAt} (ISO-8601 UTC), {@code passed}, {@code options} (the run's settings),
 * {@code environment} (JDK, VM, OS, CPUs), and {@code workloads}: per workload its figures, its {@code metrics} (each
 * with the name, unit, direction and kind of {@link MetricCatalog}), its first violations, its notes and the command
 * that replays it. Numbers are JSON numbers (no locale); a figure that is unknown (the peak RSS off Linux) is
 * {@code null}, and a metric without a value is left out.
 *
 * <p>Compatibility: a reader accepts the same {@code schemaVersion} and ignores fields it does not know; adding a
 * field keeps the version, renaming or removing one or changing its meaning increments it.
 */
public final class StressJson {

    /** The schema's name, the file's {@code schema} field. */
    public static final String SCHEMA = "jmalloc-stress-result";
    /** The schema's version, the file's {@code schemaVersion} field. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private StressJson() {
    }

    /**
     * The environment of this JVM: {@code jdkVersion}, {@code vmName}, {@code os} (name, version, architecture) and
     * {@code cpus}, as strings.
     */
    public static Map<String, String> currentEnvironment() {
        Map<String, String> env = new TreeMap<>();
        env.put("jdkVersion", System.getProperty("java.version"));
        env.put("vmName", System.getProperty("java.vm.name"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        env.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        return env;
    }

    /** The JSON text of a run, ending with a newline. */
    public static String render(StressOptions options, StressResult result, Instant startedAt,
            Map<String, String> environment) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("startedAt", startedAt.toString());
        root.put("passed", result.passed());
        ObjectNode opts = root.putObject("options");
        ArrayNode names = opts.putArray("workloads");
        result.workloads().forEach(w -> names.add(w.workload()));
        opts.put("threads", options.threads());
        opts.put("durationMillis", options.duration().toMillis());
        opts.put("seed", options.seed());
        opts.put("faultRate", options.faultRate());
        opts.put("purgeFaultRate", options.purgeFaultRate());
        opts.put("failMapCall", options.failMapCall());
        opts.put("watchdogMillis", options.watchdogTimeout().toMillis());
        ObjectNode env = root.putObject("environment");
        new TreeMap<>(environment).forEach(env::put);
        ArrayNode workloads = root.putArray("workloads");
        result.workloads().forEach(w -> workload(workloads.addObject(), w));
        try {
            return JSON.writer(PRETTY).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the stress result as JSON", e);
        }
    }

    /** Writes {@link #render} to {@code file}, creating its directory. */
    public static void write(Path file, StressOptions options, StressResult result, Instant startedAt,
            Map<String, String> environment) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Files.writeString(file, render(options, result, startedAt, environment), StandardCharsets.UTF_8);
    }

    private static void workload(ObjectNode node, WorkloadResult w) {
        node.put("workload", w.workload());
        node.put("passed", w.passed());
        node.put("threads", w.threads());
        node.put("seed", w.seed());
        node.put("nanos", w.nanos());
        node.put("ops", w.ops());
        node.put("opsPerSecond", w.opsPerSecond());
        if (w.peakRssBytes() < 0) {
            node.putNull("peakRssBytes");
        } else {
            node.put("peakRssBytes", w.peakRssBytes());
        }
        node.put("peakLiveBytes", w.peakLiveBytes());
        node.put("ooms", w.ooms());
        node.put("mapFaults", w.mapFaults());
        node.put("purgeFaults", w.purgeFaults());
        node.put("violationCount", w.violationCount());
        node.put("stalled", w.threadDump() != null);
        ArrayNode metrics = node.putArray("metrics");
        metric(metrics, MetricCatalog.of(MetricCatalog.STRESS_VIOLATIONS, "count"), w.violationCount());
        metric(metrics, MetricCatalog.of(MetricCatalog.STRESS_THROUGHPUT, "ops/s"), w.opsPerSecond());
        if (w.peakRssBytes() >= 0) {
            metric(metrics, MetricCatalog.of(MetricCatalog.STRESS_PEAK_RSS, "B"), w.peakRssBytes());
        }
        ArrayNode violations = node.putArray("firstViolations");
        for (Violation v : w.violations()) {
            ObjectNode o = violations.addObject();
            o.put("kind", v.kind().name());
            o.put("message", v.message());
            o.put("thread", v.thread());
        }
        ObjectNode notes = node.putObject("notes");
        new TreeMap<>(w.notes()).forEach(notes::put);
        node.put("replay", w.replayCommand());
    }

    private static void metric(ArrayNode metrics, Metric metric, double value) {
        metric(metrics, metric).put("value", value);
    }

    private static void metric(ArrayNode metrics, Metric metric, long count) {
        metric(metrics, metric).put("value", count);
    }

    /** The metric's entry without its value, which follows the name and unit. */
    private static ObjectNode metric(ArrayNode metrics, Metric metric) {
        ObjectNode m = metrics.addObject();
        m.put("name", metric.name());
        m.put("unit", metric.unit());
        m.put("direction", metric.direction().name().toLowerCase(Locale.ROOT));
        m.put("kind", metric.kind().name().toLowerCase(Locale.ROOT));
        return m;
    }
}
