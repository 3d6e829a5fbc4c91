package org.jmalloc.benchmarks.impl;

/** The one failure path of {@code MethodHandle.invokeExact} on a downcall handle. */
final class Downcalls {

    private Downcalls() {
    }

    /**
     * A downcall to a C function declares no checked exception; {@code invokeExact} still declares {@code Throwable}.
     * Errors and runtime exceptions pass through unchanged; anything else would be a linker bug.
     */
    static RuntimeException unexpected(String function, Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof RuntimeException e) {
            return e;
        }
        return new IllegalStateException("downcall to " + function + " threw " + t, t);
    }
}
