package org.jmalloc.results.importer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jmalloc.lab.core.jmh.JmhResult;
import org.jmalloc.lab.core.jmh.JmhResults;
import org.jmalloc.lab.core.jmh.Measurement;
import org.jmalloc.results.model.Params;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.RowKey;
import org.jmalloc.results.model.RunInfo;

/**
 * JMH's JSON results ({@code -rf json}, every mode) as history rows, through lab-core's reader and metric catalog:
 * one row per {@link Measurement} of each result (the primary score, sample mode's percentiles, each secondary
 * metric the catalog names: {@code gc.alloc.rate.norm} with or without JMH's old "·" prefix, perfnorm counters as
 * {@code perf.*}, the footprint benchmarks' figures as {@code footprint.*} and {@code stats.*}), with the forks'
 * values as the row's samples.
 *
 * <p>The benchmarks' {@code impl} parameter becomes the row's implementation (results without one are
 * {@value #DEFAULT_IMPLEMENTATION}); the other parameters are the row's params. When a file holds the same benchmark
 * and parameters in several modes ({@code -bm avgt,sample}), those results also get the parameter
 * {@value #MODE_PARAM} (e.g. {@code mode=sample}), since both modes give {@code latency.avg}; a benchmark run in one
 * mode, as the lab's are, keeps its parameters as they are. The run id is
 * {@code jmh-<hash of the file>}, so importing a file twice, or importing what {@code ./lab bench} already
 * recorded, adds nothing.
 */
public final class JmhImporter {

    /** The implementation of results that have no {@code impl} parameter. */
    public static final String DEFAULT_IMPLEMENTATION = "jmalloc";
    /** The JMH parameter that names the implementation measured. */
    public static final String IMPL_PARAM = "impl";
    /** The parameter added to results whose benchmark and parameters the file holds in more than one mode. */
    public static final String MODE_PARAM = "mode";

    private JmhImporter() {
    }

    /**
     * The rows of one JMH JSON file.
     *
     * @param file the file's name, for messages
     * @param finished when the run finished (the file itself does not say)
     * @throws ImportException when the file is not JMH's JSON, or two results give the same row
     */
    public static List<ResultRow> rows(String file, byte[] content, Instant finished, RunMetadata meta) {
        String text = new String(content, StandardCharsets.UTF_8);
        List<JmhResult> results;
        try {
            results = JmhResults.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ImportException(file, e.getMessage());
        }
        String runId = RunMetadata.contentRunId("jmh", content);
        Map<String, Set<String>> modes = new HashMap<>();
        results.forEach(r -> modes.computeIfAbsent(r.benchmark() + " " + Params.of(r.params()),
                k -> new HashSet<>()).add(r.mode()));
        List<ResultRow> rows = new ArrayList<>();
        Map<RowKey, Integer> firstResult = new HashMap<>();
        for (int i = 0; i < results.size(); i++) {
            JmhResult r = results.get(i);
            RunInfo run = meta.run(runId, finished, r.jdkVersion(), String.join(" ", r.jvmArgs()));
            Params all = Params.of(r.params());
            if (modes.get(r.benchmark() + " " + all).size() > 1) {
                all = all.with(MODE_PARAM, r.mode());
            }
            String impl = all.get(IMPL_PARAM) == null ? DEFAULT_IMPLEMENTATION : all.get(IMPL_PARAM);
            Params params = all.without(IMPL_PARAM);
            List<Measurement> measurements;
            try {
                measurements = r.measurements();
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new ImportException(file, "result " + i + " (" + r.benchmark() + "): " + e.getMessage());
            }
            for (Measurement m : measurements) {
                ResultRow row;
                try {
                    row = run.row(r.benchmark(), params, m.metric().name(), m.metric().unit(), m.score(),
                            m.error(), m.forks(), impl);
                } catch (IllegalArgumentException e) {
                    throw new ImportException(file, "result " + i + " (" + r.benchmark() + "): " + e.getMessage());
                }
                Integer earlier = firstResult.putIfAbsent(row.key(), i);
                if (earlier != null) {
                    throw new ImportException(file, "results " + earlier + " and " + i + " both give "
                            + m.metric().name() + " of " + r.benchmark() + " [" + all + "] (a file holds each benchmark,"
                            + " parameters and mode once)");
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
