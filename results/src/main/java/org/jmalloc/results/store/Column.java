package org.jmalloc.results.store;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The history's columns, in stored order: the same names in the CSV header and the PostgreSQL table, one per
 * component of {@link org.jmalloc.results.model.ResultRow}. Schema version {@value HistoryStore#SCHEMA_VERSION}.
 */
public enum Column {
    RUN_ID, TIMESTAMP, COMMIT, BRANCH, RUN_KIND, HARDWARE_PROFILE, ARCH, OS, CPUS, JDK, JVM_FLAGS, BENCHMARK, PARAMS,
    METRIC, UNIT, VALUE, ERROR, SAMPLES, IMPLEMENTATION;

    private static final List<String> NAMES = Arrays.stream(values()).map(Column::header).toList();

    /** The stored name, e.g. {@code hardware_profile}. */
    public String header() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every stored name, in order. */
    public static List<String> headers() {
        return NAMES;
    }
}
