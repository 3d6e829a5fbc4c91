package org.jmalloc.allocator.prof;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jmalloc.allocator.json.JsonWriter;

/**
 * A snapshot of the live heap as the sampled allocations estimate it, with three renderings: the
 * collapsed-stack format that flame-graph tools read ({@link #collapsed()}), JSON
 * ({@link #json()}) and a human-readable leak report ({@link #leakReport()}).
 *
 * @param lgSample the sampling rate: a sample every {@code 2^lgSample} bytes on average
 * @param totalSamples samples taken since profiling started (live or not)
 * @param stacks stacks with live samples, most estimated bytes first
 */
public record HeapProfile(int lgSample, long totalSamples, List<StackProfile> stacks) {

    private static final Comparator<StackProfile> LARGEST_FIRST = Comparator
            .comparingDouble(StackProfile::estimatedBytes).reversed()
            .thenComparing(StackProfile::collapsedKey);

    public HeapProfile {
        List<StackProfile> sorted = new ArrayList<>(stacks);
        sorted.sort(LARGEST_FIRST);
        stacks = List.copyOf(sorted);
    }

    /** Live samples over all stacks. */
    public long liveSamples() {
        return stacks.stream().mapToLong(StackProfile::samples).sum();
    }

    /** Estimated live bytes over all stacks. */
    public double estimatedBytes() {
        return stacks.stream().mapToDouble(StackProfile::estimatedBytes).sum();
    }

    /** Estimated live allocations over all stacks. */
    public double estimatedObjects() {
        return stacks.stream().mapToDouble(StackProfile::estimatedObjects).sum();
    }

    /**
     * One line per stack, {@code root;…;leaf bytes}, the bytes being the estimated live bytes
     * rounded to whole bytes (stacks that share their method names are merged): the input of
     * {@code flamegraph.pl} and of other flame-graph tools.
     */
    public String collapsed() {
        Map<String, Double> merged = new LinkedHashMap<>();
        for (StackProfile s : stacks) {
            merged.merge(s.collapsedKey(), s.estimatedBytes(), Double::sum);
        }
        StringBuilder b = new StringBuilder();
        merged.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> b.append(e.getKey()).append(' ').append(Math.round(e.getValue())).append('\n'));
        return b.toString();
    }

    /** The profile as JSON: the rate, the totals, and every stack with its frames and estimates. */
    public String json() {
        JsonWriter w = new JsonWriter();
        w.beginObject();
        w.name("lg_sample").value(lgSample);
        w.name("sample_interval_bytes").value(1L << lgSample);
        w.name("total_samples").value(totalSamples);
        w.name("live").beginObject()
                .name("samples").value(liveSamples())
                .name("estimated_objects").value(estimatedObjects(), 1)
                .name("estimated_bytes").value(Math.round(estimatedBytes()))
                .endObject();
        w.name("stacks").beginArray();
        for (StackProfile s : stacks) {
            w.beginObject();
            w.name("samples").value(s.samples());
            w.name("sampled_bytes").value(s.sampledBytes());
            w.name("estimated_objects").value(s.estimatedObjects(), 1);
            w.name("estimated_bytes").value(Math.round(s.estimatedBytes()));
            w.name("frames").beginArray();
            for (Frame f : s.frames()) {
                w.beginObject().name("class").value(f.className()).name("method").value(f.methodName())
                        .name("file").value(f.fileName());
                if (f.line() >= 0) {
                    w.name("line").value(f.line());
                } else {
                    w.name("line").nullValue();
                }
                w.endObject();
            }
            w.endArray();
            w.endObject();
        }
        w.endArray();
        w.endObject();
        return w.toString();
    }

    /**
     * The live sampled allocations by stack, as jemalloc's leak summary: the approximate bytes and
     * allocations still live, and each stack (largest first) with its frames. Empty of stacks
     * when nothing sampled is live.
     */
    public String leakReport() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "jmalloc leak report: ~%d bytes in ~%.0f allocations still live "
                        + "(%d samples at %d stacks; a sample every %d bytes on average)\n",
                Math.round(estimatedBytes()), estimatedObjects(), liveSamples(), stacks.size(), 1L << lgSample));
        for (StackProfile s : stacks) {
            b.append(String.format(Locale.ROOT, "~%d bytes in ~%.0f allocations (%d samples)\n",
                    Math.round(s.estimatedBytes()), s.estimatedObjects(), s.samples()));
            for (Frame f : s.frames()) {
                b.append("    at ").append(f).append('\n');
            }
        }
        return b.toString();
    }
}
