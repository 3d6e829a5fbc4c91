package org.jmalloc.results.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * What the history knows about one run, shared by all of its rows.
 *
 * <p>Unknown text fields are empty strings, never null; an unknown CPU count is 0. The timestamp is kept to the
 * millisecond (both stores hold exactly that), so a row read back equals the row written, and lies between
 * {@link #EARLIEST} and {@link #LATEST}.
 *
 * @param runId unique per run, e.g. {@code 20250107-021500-3f2a9c1d}; the same run imported twice has the same id
 * @param timestamp when the run finished, UTC
 * @param commit the git commit measured (full or abbreviated hash), empty when unknown
 * @param branch the git branch, empty when unknown
 * @param kind why the run was made
 * @param hardwareProfile the machine's profile id (see the lab's hardware facts), empty when unknown
 * @param arch e.g. {@code amd64}, {@code aarch64}
 * @param os e.g. {@code Linux 6.1.0}
 * @param cpus available processors, 0 when unknown
 * @param jdk e.g. {@code 25+36-LTS}
 * @param jvmFlags the benchmark JVM's flags joined by spaces
 */
public record RunInfo(String runId, Instant timestamp, String commit, String branch, RunKind kind,
        String hardwareProfile, String arch, String os, int cpus, String jdk, String jvmFlags) {

    /** The earliest timestamp a run may have. */
    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    /** The latest: four-digit years, which every store and ISO-8601 reader takes. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    public RunInfo {
        runId = Checks.name(runId, "run id");
        timestamp = Objects.requireNonNull(timestamp, "timestamp").truncatedTo(ChronoUnit.MILLIS);
        if (timestamp.isBefore(EARLIEST) || timestamp.isAfter(LATEST)) {
            throw new IllegalArgumentException("timestamp " + timestamp + " is outside " + EARLIEST + " .. " + LATEST);
        }
        commit = Checks.text(commit, "commit");
        branch = Checks.text(branch, "branch");
        Objects.requireNonNull(kind, "run kind");
        hardwareProfile = Checks.text(hardwareProfile, "hardware profile");
        arch = Checks.text(arch, "arch");
        os = Checks.text(os, "os");
        if (cpus < 0) {
            throw new IllegalArgumentException("cpus must be >= 0 (0 = unknown): " + cpus);
        }
        jdk = Checks.text(jdk, "jdk");
        jvmFlags = Checks.text(jvmFlags, "jvm flags");
    }

    /** A row of this run. */
    public ResultRow row(String benchmark, Params params, String metric, String unit, double value, double error,
            List<Double> samples, String implementation) {
        return new ResultRow(runId, timestamp, commit, branch, kind, hardwareProfile, arch, os, cpus, jdk, jvmFlags,
                benchmark, params, metric, unit, value, error, samples, implementation);
    }
}
