package org.jmalloc.guardrails.archfixture;

import org.jmalloc.benchmarks.impl.Impl;
import org.jmalloc.results.model.RunKind;

/**
 * Deliberate imports for the architecture tests, in a package of a module that does not exist yet: guardrails using
 * benchmarks (forbidden: it runs the benchmarks jar as a child process) and results (allowed).
 */
public final class UsesBenchmarks {

    private UsesBenchmarks() {
    }

    /** Depends on a benchmarks class. */
    public static String impl() {
        return Impl.class.getName();
    }

    /** Depends on a results class, which guardrails may. */
    public static RunKind kind() {
        return RunKind.LOCAL;
    }
}
