package org.jmalloc.guardrails.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The forks of one build collected for calibration: a list of JMH runs, each holding one fork's value of every
 * series it measured. Runs stay whole, so a simulated gate sees the same correlation between metrics that a real
 * round has (one JVM measured them all).
 */
public final class ForkPool {

    /** What a series is: the parts of an observation other than its values. */
    public record Key(String benchmark, String jmhName, String metric, String unit) {
    }

    private final List<Map<Key, Double>> runs = new ArrayList<>();

    /** Adds one JMH run's measurements. */
    public void add(List<Measurement> run) {
        Map<Key, Double> values = new LinkedHashMap<>();
        for (Measurement m : run) {
            values.put(new Key(m.benchmark(), m.jmhName(), m.metric(), m.unit()), m.value());
        }
        runs.add(values);
    }

    /** The runs, in the order added. */
    public List<Map<Key, Double>> runs() {
        return List.copyOf(runs);
    }

    public int size() {
        return runs.size();
    }

    /** Every value of one series, in run order. */
    public double[] values(Key key) {
        return runs.stream().filter(r -> r.containsKey(key)).mapToDouble(r -> r.get(key)).toArray();
    }
}
