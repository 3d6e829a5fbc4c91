package org.jmalloc.stress;

import java.util.List;
import org.jmalloc.lab.core.text.Bytes;
import org.jmalloc.lab.core.text.TextTable;
import org.jmalloc.stress.report.Units;

/**
 * The outcome of a stress run: one {@link WorkloadResult} per workload, in run order.
 *
 * @param workloads the results
 */
public record StressResult(List<WorkloadResult> workloads) {

    public StressResult {
        workloads = List.copyOf(workloads);
    }

    /** True when every workload passed. */
    public boolean passed() {
        return workloads.stream().allMatch(WorkloadResult::passed);
    }

    /** Violations over all workloads. */
    public long violations() {
        return workloads.stream().mapToLong(WorkloadResult::violationCount).sum();
    }

    /** The result of the named workload. */
    public WorkloadResult get(String workload) {
        return workloads.stream().filter(w -> w.workload().equals(workload)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no result for workload '" + workload + "'"));
    }

    /** The summary table: workload, threads, ops, ops/s, peak RSS, OOMs, faults, violations. */
    public String table() {
        TextTable t = TextTable.of("workload", ">threads", ">ops", ">ops/s", ">peak RSS", ">OOMs", ">faults",
                ">violations");
        for (WorkloadResult w : workloads) {
            t.row(w.workload(), Integer.toString(w.threads()), Units.count(w.ops()), Units.rate(w.opsPerSecond()),
                    w.peakRssBytes() < 0 ? "?" : Bytes.human(w.peakRssBytes()), Units.count(w.ooms()),
                    Units.count(w.mapFaults() + w.purgeFaults()), Units.count(w.violationCount()));
        }
        return t.render("");
    }
}
