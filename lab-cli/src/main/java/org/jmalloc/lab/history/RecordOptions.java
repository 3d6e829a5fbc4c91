package org.jmalloc.lab.history;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of a command that records its results in the history ({@code ./lab bench}, {@code ./lab stress}):
 * {@code --no-record}, where the history is ({@link StoreOptions}) and what to record about the run
 * ({@link RunOptions}). A picocli mixin.
 */
public final class RecordOptions {

    @Option(names = "--no-record", description = "Do not append the results to the history.")
    boolean noRecord;

    @Mixin
    StoreOptions store;

    @Mixin
    RunOptions run;

    /** Whether the results are to be recorded. */
    public boolean enabled() {
        return !noRecord;
    }

    /** Where. */
    public StoreOptions store() {
        return store;
    }

    /** What about the run. */
    public RunOptions run() {
        return run;
    }
}
