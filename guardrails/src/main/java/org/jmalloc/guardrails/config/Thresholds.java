package org.jmalloc.guardrails.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The gate's thresholds: an ordered list of {@link Rule}s; the first rule that matches a benchmark's metric guards
 * it, and a metric no rule matches is not guarded. Read from {@code guardrails/guardrails.yaml} (the format is
 * described in that file and in {@link ThresholdsReader}); the engine that applies them knows nothing of the file.
 *
 * @param source where the rules were read from, for messages
 * @param rules the rules in file order
 */
public record Thresholds(String source, List<Rule> rules) {

    /** The copy of {@code guardrails.yaml} inside this jar, used when a tree has none. */
    static final String BUILT_IN = "guardrails.yaml";

    public Thresholds {
        rules = List.copyOf(rules);
    }

    /** The first rule that guards {@code metric} of {@code benchmark}, if any. */
    public Optional<Rule> ruleFor(String benchmark, String metric) {
        return rules.stream().filter(r -> r.matches(benchmark, metric)).findFirst();
    }

    /**
     * Reads a thresholds file.
     *
     * @throws ConfigException naming the file, line and problem
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Thresholds read(Path file) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read thresholds file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses YAML text; {@code source} names it in messages. */
    public static Thresholds parse(String source, String yaml) {
        return new Thresholds(source, new ThresholdsReader(source).read(yaml));
    }

    /** The thresholds shipped with the lab (the jar's copy of {@code guardrails/guardrails.yaml}). */
    public static Thresholds builtIn() {
        try (InputStream in = Thresholds.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("the lab's jar lacks its built-in " + BUILT_IN);
            }
            return parse("built-in " + BUILT_IN, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
