package org.jmalloc.guardrails.run;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a check run's output: whether the benchmarks failed to link against the allocator on the class path (an API
 * change), and which jar the forks loaded the allocator from ({@code -Xlog:class+load}).
 */
final class LinkCheck {

    private static final Pattern LINKAGE = Pattern.compile("java\\.lang\\.(NoSuchMethodError|NoSuchFieldError"
            + "|NoClassDefFoundError|AbstractMethodError|IncompatibleClassChangeError|VerifyError|LinkageError"
            + "|ClassNotFoundException: org\\.jmalloc)[^\\n]*");
    private static final Pattern SOURCE =
            Pattern.compile("org\\.jmalloc\\.allocator\\.Allocator source: (?:file:|jar:file:)?(\\S+)");

    private LinkCheck() {
    }

    /** The first linkage error in {@code lines}, e.g. {@code "java.lang.NoSuchMethodError: 'long ...'"}. */
    static Optional<String> linkageError(List<String> lines) {
        for (String line : lines) {
            Matcher m = LINKAGE.matcher(line);
            if (m.find()) {
                return Optional.of(m.group());
            }
        }
        return Optional.empty();
    }

    /** The allocator class's source as the class-loading log names it. */
    static Optional<String> allocatorSource(List<String> log) {
        for (String line : log) {
            Matcher m = SOURCE.matcher(line);
            if (m.find()) {
                return Optional.of(m.group(1).replaceFirst("!/.*$", ""));
            }
        }
        return Optional.empty();
    }
}
