package org.jmalloc.lab.core.metric;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rules that give a figure its {@link Metric}: names for JMH's primary scores, sample-mode percentiles and
 * profiler metrics, and the direction and kind of every name the lab knows. Nothing is guessed from a JMH mode or a
 * unit at the point of use: every caller asks here.
 *
 * <h2>Names of JMH figures</h2>
 * <ul>
 *   <li>primary score by mode: {@code thrpt} is {@value #THROUGHPUT}, {@code avgt} and {@code sample} (the mean of the
 *       samples) are {@value #LATENCY_AVG}, {@code ss} is {@value #LATENCY_SINGLE_SHOT}; the unit must fit the mode
 *       ({@code ops/<time>} for throughput, {@code <time>/op} otherwise);</li>
 *   <li>a sample-mode percentile under JMH's key {@code "99.9"} is {@code latency.p99.9} ({@code "50.0"} is
 *       {@code latency.p50}, {@code "0.0"} the minimum {@code latency.p0}, {@code "100.0"} the maximum
 *       {@code latency.p100}); the percentiles JMH writes for the other modes are over iteration scores and get no
 *       metric;</li>
 *   <li>the footprint benchmarks' figures ({@code footprint.rss_over_live}, {@code stats.metadata_ratio}, ...) keep the
 *       names their profiler gives them;</li>
 *   <li>a secondary metric, after dropping the middle dot {@code "·"} that JMH before 1.37 put in front: the gc
 *       profiler's names stay ({@code gc.alloc.rate.norm}), lowercased; a perf event counted per operation (unit
 *       {@code #/op}, or {@code clks/insn} and {@code insns/clk} for JMH's CPI and IPC) is {@code perf.<event>} with
 *       the event lowercased and {@code -} or {@code :} written {@code _} ({@code L1-dcache-load-misses} is
 *       {@code perf.l1_dcache_load_misses}); a metric in the primary's own unit (a method of a {@code @Group}, an
 *       {@code @AuxCounters} field) is {@code <primary name>.<its name>}, e.g. {@code throughput.allocate}, except the copies of sample mode's percentiles that JMH 1.37 adds
 *       ({@code p0.50}, {@code p0.999}, ...: the primary's percentiles already are {@code latency.p50}, ...); anything
 *       else (the stack profiler's text, a profiler the rules do not know) has no metric.</li>
 * </ul>
 *
 * <h2>Direction and kind</h2>
 * {@link #rules()} in order, the first matching rule wins; a name no rule covers is rejected.
 */
public final class MetricCatalog {

    /** Operations per unit of time ({@code thrpt}). */
    public static final String THROUGHPUT = "throughput";
    /** Mean time per operation ({@code avgt}, or the mean of {@code sample} mode's samples). */
    public static final String LATENCY_AVG = "latency.avg";
    /** Time of one cold call ({@code ss}). */
    public static final String LATENCY_SINGLE_SHOT = "latency.single_shot";
    /** Median of the sampled times. */
    public static final String LATENCY_P50 = "latency.p50";
    /** 99th percentile of the sampled times. */
    public static final String LATENCY_P99 = "latency.p99";
    /** 99.9th percentile of the sampled times. */
    public static final String LATENCY_P99_9 = "latency.p99.9";
    /** Heap bytes the benchmark allocates per operation (JMH's gc profiler). */
    public static final String GC_ALLOC_RATE_NORM = "gc.alloc.rate.norm";
    /** Instructions retired per operation (JMH's perfnorm profiler). */
    public static final String PERF_INSTRUCTIONS = "perf.instructions";
    /** Cycles per operation (JMH's perfnorm profiler). */
    public static final String PERF_CYCLES = "perf.cycles";
    /** Integrity violations a stress run found. */
    public static final String STRESS_VIOLATIONS = "stress.violations";
    /** Allocator calls per second of a stress workload (checks included: not a benchmark). */
    public static final String STRESS_THROUGHPUT = "stress.throughput";
    /** The JVM's peak resident bytes during a stress workload. */
    public static final String STRESS_PEAK_RSS = "stress.peak_rss";

    private static final List<MetricRule> RULES = List.of(
            rule(THROUGHPUT, Direction.HIGHER_IS_BETTER, MetricKind.NOISY, "operations per unit of time"),
            rule("throughput.*", Direction.HIGHER_IS_BETTER, MetricKind.NOISY,
                    "one method's or counter's share of a throughput benchmark"),
            rule("latency.*", Direction.LOWER_IS_BETTER, MetricKind.NOISY, "time per operation, or a percentile of it"),
            rule("gc.*.norm", Direction.LOWER_IS_BETTER, MetricKind.DETERMINISTIC,
                    "heap bytes per operation: fixed by the code path, not by the machine's speed"),
            rule("gc.*", Direction.LOWER_IS_BETTER, MetricKind.NOISY,
                    "garbage-collector rates, counts and times over wall-clock time"),
            rule("perf.ipc", Direction.HIGHER_IS_BETTER, MetricKind.NOISY, "instructions per cycle"),
            rule("perf.*cycles*", Direction.LOWER_IS_BETTER, MetricKind.NOISY,
                    "cycles per operation: they follow cache and memory timing"),
            rule("perf.cpi", Direction.LOWER_IS_BETTER, MetricKind.NOISY, "cycles per instruction"),
            rule("perf.*miss*", Direction.LOWER_IS_BETTER, MetricKind.NOISY,
                    "cache and TLB misses per operation: they depend on what else ran"),
            rule("perf.*", Direction.LOWER_IS_BETTER, MetricKind.DETERMINISTIC,
                    "instructions, branches, loads and stores per operation: fixed by the code path"),
            rule("work.*", Direction.LOWER_IS_BETTER, MetricKind.DETERMINISTIC,
                    "the allocator's own count of a kind of work per operation"),
            rule("footprint.jit_ms", Direction.LOWER_IS_BETTER, MetricKind.NOISY,
                    "JIT compilation time left inside a footprint workload: a check on the measurement, which moves"
                            + " with the compiler's scheduling, not a footprint"),
            rule("footprint.*", Direction.LOWER_IS_BETTER, MetricKind.DETERMINISTIC,
                    "memory held for a given workload, in bytes or as a ratio to the live bytes"),
            rule("stats.*", Direction.LOWER_IS_BETTER, MetricKind.DETERMINISTIC,
                    "ratios from the allocator's stats, e.g. metadata over allocated"),
            rule(STRESS_VIOLATIONS, Direction.LOWER_IS_BETTER, MetricKind.DETERMINISTIC,
                    "integrity violations a stress run found; anything above 0 is a bug"),
            rule(STRESS_THROUGHPUT, Direction.HIGHER_IS_BETTER, MetricKind.NOISY,
                    "allocator calls per second of a stress workload, integrity checks included"),
            rule(STRESS_PEAK_RSS, Direction.LOWER_IS_BETTER, MetricKind.NOISY,
                    "the whole JVM's peak resident bytes during a stress workload"));

    /** JMH 1.37 repeats sample mode's percentiles as secondary metrics {@code p0.50}, {@code p0.999}, .... */
    private static final Pattern SAMPLE_PERCENTILE_COPY = Pattern.compile("p[01]\\.[0-9]+");

    private MetricCatalog() {
    }

    private static MetricRule rule(String pattern, Direction direction, MetricKind kind, String meaning) {
        return new MetricRule(pattern, direction, kind, meaning);
    }

    /** The rules, in the order they are tried. */
    public static List<MetricRule> rules() {
        return RULES;
    }

    /**
     * The metric of a name, with its direction and kind from the first rule that covers it.
     *
     * @throws IllegalArgumentException when the name is not dotted lowercase, the unit is blank, or no rule covers the
     *     name (the message lists the patterns that exist)
     */
    public static Metric of(String name, String unit) {
        return find(name, unit).orElseThrow(() -> new IllegalArgumentException("unknown metric '" + name
                + "': no rule covers it; known names are " + RULES.stream().map(MetricRule::pattern)
                        .collect(Collectors.joining(", "))));
    }

    /**
     * The metric of a name, or empty when no rule covers it.
     *
     * @throws IllegalArgumentException when the name is not dotted lowercase or the unit is blank
     */
    public static Optional<Metric> find(String name, String unit) {
        for (MetricRule r : RULES) {
            if (r.covers(name)) {
                return Optional.of(new Metric(name, unit, r.direction(), r.kind()));
            }
        }
        new Metric(name, unit, Direction.LOWER_IS_BETTER, MetricKind.NOISY); // validates name and unit
        return Optional.empty();
    }

    /**
     * The metric of a JMH primary score.
     *
     * @param mode JMH's short mode name: {@code thrpt}, {@code avgt}, {@code sample} or {@code ss}
     * @param unit JMH's score unit, e.g. {@code ops/s} or {@code ns/op}
     * @throws IllegalArgumentException for another mode, or a unit that does not fit the mode
     */
    public static Metric primary(String mode, String unit) {
        boolean perOp = unit.endsWith("/op");
        boolean opsPer = unit.startsWith("ops/");
        String name = switch (mode) {
            case "thrpt" -> opsPer ? THROUGHPUT : null;
            case "avgt", "sample" -> perOp ? LATENCY_AVG : null;
            case "ss" -> perOp ? LATENCY_SINGLE_SHOT : null;
            default -> throw new IllegalArgumentException("unknown JMH mode '" + mode
                    + "': expected thrpt, avgt, sample or ss");
        };
        if (name == null) {
            throw new IllegalArgumentException("JMH mode " + mode + " with unit '" + unit + "': JMH writes "
                    + (mode.equals("thrpt") ? "ops/<time> for throughput" : "<time>/op for " + mode));
        }
        return of(name, unit);
    }

    /**
     * The metric of a sample-mode percentile under JMH's key, e.g. {@code "99.9"} gives {@code latency.p99.9}.
     *
     * @throws IllegalArgumentException when the key is not a number from 0 to 100
     */
    public static Metric percentile(String jmhKey, String unit) {
        return of(percentileName(jmhKey), unit);
    }

    /** {@code latency.p<percentile>} without trailing zeros: {@code "50.0"} is {@code latency.p50}. */
    public static String percentileName(String jmhKey) {
        BigDecimal p;
        try {
            p = new BigDecimal(jmhKey);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("percentile key '" + jmhKey + "' is not a number");
        }
        if (p.signum() < 0 || p.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("percentile key '" + jmhKey + "' is not between 0 and 100");
        }
        return "latency.p" + p.stripTrailingZeros().toPlainString();
    }

    /**
     * The metric of a JMH secondary metric, or empty when the rules give it none (see the class comment).
     *
     * @param jmhName the name as JMH wrote it, with or without the old {@code "·"} prefix
     * @param unit its unit
     * @param primary the metric of the same result's primary score
     */
    public static Optional<Metric> secondary(String jmhName, String unit, Metric primary) {
        String name = stripOldPrefix(jmhName);
        if (name.isEmpty() || unit.isBlank()) {
            return Optional.empty();
        }
        if (name.startsWith("gc.")) {
            return find(normalise(name), unit);
        }
        if (name.startsWith("footprint.") || name.startsWith("stats.") || name.startsWith("work.")) {
            return find(name, unit); // the footprint benchmarks' figures and the work counts, named already
        }
        if (unit.equals("#/op") || unit.equals("clks/insn") || unit.equals("insns/clk")) {
            return find("perf." + normalise(name), unit);
        }
        if (unit.equals(primary.unit()) && SAMPLE_PERCENTILE_COPY.matcher(name).matches()) {
            return Optional.empty();
        }
        if (unit.equals(primary.unit())) {
            return find(primary.name() + "." + normalise(name), unit);
        }
        return Optional.empty();
    }

    /** The name without the middle dot {@code "·"} that JMH before 1.37 put in front of secondary metrics. */
    public static String stripOldPrefix(String jmhName) {
        return jmhName.startsWith("\u00b7") ? jmhName.substring(1) : jmhName;
    }

    /** Lowercase, with every character other than a letter, digit, dot or {@code _} written {@code _}. */
    private static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.]", "_");
    }
}
