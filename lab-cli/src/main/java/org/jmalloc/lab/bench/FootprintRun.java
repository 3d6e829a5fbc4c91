package org.jmalloc.lab.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jmalloc.lab.core.run.SuiteListing;

/**
 * How {@code lab bench} runs the footprint benchmarks ({@code org.jmalloc.benchmarks.footprint}): in a JMH run of their
 * own, since each of their measurements is one workload in a fresh JVM (no warmup, one iteration per fork) and their
 * figures reach JMH through the footprint profiler. The rest of the suite keeps the settings of {@link BenchSettings}.
 * Both runs write into one JSON result file and one log, so {@code --report} and the table see one run.
 */
public final class FootprintRun {

    /** The JMH profiler that carries the footprint figures into the results. */
    public static final String PROFILER = "org.jmalloc.benchmarks.footprint.FootprintProfiler";
    /** JMH's exclude pattern for the footprint benchmarks. */
    public static final String EXCLUDE = "\\.footprint\\.";
    /** Expected time of one footprint fork: starting the JVM, a rehearsal, and a workload of a few seconds. */
    static final long SECONDS_PER_FORK = 15;

    private FootprintRun() {
    }

    /** Whether a full benchmark name is a footprint benchmark. */
    public static boolean isFootprint(String benchmark) {
        return benchmark.contains(".footprint.");
    }

    /** The listed benchmarks that are footprint benchmarks, as a suite listing of their own. */
    public static SuiteListing footprintPart(SuiteListing listing) {
        return new SuiteListing(listing.benchmarks().entrySet().stream().filter(e -> isFootprint(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /**
     * Forks per footprint run: one for {@code --quick} (a footprint figure is a count of bytes, not a timing: forks
     * differ only by what the JVM itself does meanwhile), the suite's own count otherwise.
     */
    public static int forks(BenchSettings settings) {
        return settings == BenchSettings.QUICK ? 1 : settings.forks();
    }

    /** JMH's include pattern for exactly these benchmarks. */
    public static String include(SuiteListing footprint) {
        return "^(" + footprint.benchmarks().keySet().stream().sorted().map(Pattern::quote)
                .collect(Collectors.joining("|")) + ")$";
    }

    /**
     * JMH's options for the footprint run: {@code forks} fresh JVMs per run, no warmup, one iteration each, and the
     * footprint profiler besides {@code profilers}.
     */
    public static List<String> jmhOptions(int forks, List<String> profilers) {
        List<String> options = new ArrayList<>(List.of("-f", Integer.toString(forks), "-wi", "0", "-i", "1"));
        options.addAll(List.of("-prof", PROFILER));
        profilers.forEach(p -> options.addAll(List.of("-prof", p)));
        return options;
    }

    /** The expected wall time of {@code runs} footprint runs of {@code forks} forks each, in seconds. */
    public static long estimateSeconds(int runs, int forks) {
        return runs * forks * SECONDS_PER_FORK;
    }

    /**
     * Appends the results in {@code extra} (a JMH JSON array) to those in {@code main} (created when missing), and
     * deletes {@code extra}.
     *
     * @throws IOException when a file cannot be read or written
     * @throws IllegalArgumentException when a file is not a JSON array
     */
    public static void mergeInto(Path main, Path extra) throws IOException {
        if (!Files.exists(extra)) {
            return;
        }
        ObjectMapper json = new ObjectMapper();
        ArrayNode all = Files.exists(main) ? array(json, main) : json.createArrayNode();
        all.addAll(array(json, extra));
        json.writerWithDefaultPrettyPrinter().writeValue(main.toFile(), all);
        Files.delete(extra);
    }

    private static ArrayNode array(ObjectMapper json, Path file) throws IOException {
        if (json.readTree(file.toFile()) instanceof ArrayNode array) {
            return array;
        }
        throw new IllegalArgumentException(file + " is not a JMH result file: expected a JSON array of results");
    }
}
