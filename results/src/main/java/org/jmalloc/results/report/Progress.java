package org.jmalloc.results.report;

/** Where long work reports how far it got; called from the working thread. */
@FunctionalInterface
public interface Progress {

    /** Reports nothing. */
    Progress NONE = (step, done, total) -> { };

    /**
     * @param step  what is being done, e.g. {@code charts}
     * @param done  items finished so far
     * @param total items in all
     */
    void update(String step, int done, int total);
}
