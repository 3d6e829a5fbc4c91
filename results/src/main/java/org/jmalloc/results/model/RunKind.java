package org.jmalloc.results.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Why a run was made; stored in lower case ({@code pr}, {@code nightly}, ...). */
public enum RunKind {
    /** A pull request's build. */
    PR,
    /** The nightly build of the main branch. */
    NIGHTLY,
    /** A developer's run on their own machine (the default of {@code ./lab bench}). */
    LOCAL,
    /** One cell of the hardware matrix. */
    MATRIX,
    /** A guardrail (gate) run comparing a candidate with its baseline. */
    GATE;

    /** The stored name, e.g. {@code nightly}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The kind with this stored name, in any case.
     *
     * @throws IllegalArgumentException naming the accepted values when there is none
     */
    public static RunKind parse(String text) {
        for (RunKind kind : values()) {
            if (kind.id().equalsIgnoreCase(text)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown run kind '" + text + "': expected one of "
                + Arrays.stream(values()).map(RunKind::id).collect(Collectors.joining(", ")));
    }
}
