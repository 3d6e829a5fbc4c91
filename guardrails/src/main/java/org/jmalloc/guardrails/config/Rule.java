package org.jmalloc.guardrails.config;

import org.jmalloc.lab.core.metric.Direction;
import org.jmalloc.lab.core.metric.MetricKind;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * One threshold: which metrics it guards and how much worse they may get.
 *
 * <p>A change is <em>beyond</em> the rule when it is in the bad direction and reaches every bound the rule sets: the
 * relative change {@code |candidate / baseline - 1|} reaches {@link #maxRelative()} and the absolute change
 * {@code |candidate - baseline|} (in the metric's unit) reaches {@link #maxAbsolute()}. A bound of 0 means any
 * worsening at all is beyond it ({@code stress.violations}: 0). Setting both bounds asks for both, for metrics whose
 * resolution is coarse (a sampled percentile moves in timer ticks).
 *
 * @param name what the rule is called in verdicts, unique in its file
 * @param benchmark glob over the full JMH benchmark name ({@code *} matches anything, dots included)
 * @param metric glob over the metric name, e.g. {@code latency.*} or {@code work.*}
 * @param direction which way the metric gets better
 * @param kind noisy (tested) or deterministic (compared directly)
 * @param maxRelative the relative bound as a fraction (0.05 for 5 %), if set
 * @param maxAbsolute the absolute bound in the metric's unit, if set
 * @param confidence for a noisy metric, the confidence level of its test and interval (0.99); its significance level
 *     is {@code 1 - confidence}
 * @param line the line of the rule in its file, for messages (0 when built in code)
 */
public record Rule(String name, String benchmark, String metric, Direction direction, MetricKind kind,
        OptionalDouble maxRelative, OptionalDouble maxAbsolute, double confidence, int line) {

    /** Slack for floating-point round-off when a change is compared with a bound: 1e-9 of the bound. */
    private static final double SLACK = 1e-9;

    public Rule {
        if (maxRelative.isEmpty() && maxAbsolute.isEmpty()) {
            throw new IllegalArgumentException("rule '" + name + "' sets neither relative nor absolute");
        }
    }

    /** Whether this rule guards {@code metricName} of {@code benchmarkName}. */
    public boolean matches(String benchmarkName, String metricName) {
        return glob(benchmark).matcher(benchmarkName).matches() && glob(metric).matcher(metricName).matches();
    }

    /** The significance level, {@code 1 - confidence}. */
    public double alpha() {
        return 1 - confidence;
    }

    /**
     * Whether a worsening of {@code relative} (a fraction) and {@code absolute} (in the unit) reaches the bounds;
     * both arguments are oriented so that a positive value is worse.
     */
    public boolean beyond(double relative, double absolute) {
        boolean rel = maxRelative.isEmpty() || reaches(relative, maxRelative.getAsDouble());
        boolean abs = maxAbsolute.isEmpty() || reaches(absolute, maxAbsolute.getAsDouble());
        return rel && abs;
    }

    private static boolean reaches(double change, double bound) {
        if (bound == 0) {
            return change > 0;
        }
        return change >= bound * (1 - SLACK);
    }

    /** The bounds as people write them, e.g. {@code "5%"}, {@code "8 B/op"}, {@code "5% and 20 ns/op"}. */
    public String describe(String unit) {
        StringBuilder s = new StringBuilder();
        maxRelative.ifPresent(r -> s.append(percent(r)));
        maxAbsolute.ifPresent(a -> {
            if (!s.isEmpty()) {
                s.append(" and ");
            }
            s.append(number(a)).append(unit == null || unit.isEmpty() ? "" : " " + unit);
        });
        return s.toString();
    }

    static String percent(double fraction) {
        return number(fraction * 100) + "%";
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%s", Double.toString(value)).replaceFirst("0+$", "");
    }

    /** A glob ({@code *} any run of characters, {@code ?} one) as a regular expression over the whole name. */
    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
