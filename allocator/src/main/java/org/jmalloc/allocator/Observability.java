package org.jmalloc.allocator;

import java.util.concurrent.atomic.AtomicInteger;
import org.jmalloc.allocator.prof.HeapProfiler;
import org.jmalloc.allocator.telemetry.HugeAllocationEvent;
import org.jmalloc.allocator.telemetry.OutOfMemoryEvent;
import org.jmalloc.allocator.telemetry.ProfileSampleEvent;
import org.jmalloc.allocator.telemetry.TelemetryEvents;

/**
 * What one allocator reports about itself beyond its stats: its name, the heap profiler (null
 * when profiling is off), and the JFR events of its slow paths. Every method here is called from
 * a slow path only; each JFR event is created and committed only when a recording has it enabled
 * ({@code shouldCommit()}), so with no recording running an event costs one check.
 */
final class Observability {

    private static final AtomicInteger NAMES = new AtomicInteger();

    final String name;
    /** The heap profiler, or null when profiling is off. */
    final HeapProfiler profiler;
    final ProfilingOptions profiling;
    private final long hugeThreshold;
    final SafetyOptions safety;
    /** Whether an allocation listener is set. */
    final boolean listener;

    Observability(AllocatorBuilder b) {
        this.name = b.name != null ? b.name : "jmalloc-" + NAMES.incrementAndGet();
        this.profiling = b.profiling;
        this.profiler = b.profiling == null ? null
                : new HeapProfiler(b.profiling.lgSample(), b.profiling.active(), b.profiling.seed());
        this.hugeThreshold = b.hugeThreshold;
        this.safety = b.safety;
        this.listener = b.listener != null;
    }

    /**
     * The heap profiler.
     *
     * @throws IllegalStateException when the allocator was built without profiling
     */
    HeapProfiler profiler() {
        if (profiler == null) {
            throw new IllegalStateException("heap profiling is off: build the allocator with "
                    + "Allocator.builder().profiling(true)");
        }
        return profiler;
    }

    /** Whether allocations are being sampled now. */
    boolean sampling() {
        return profiler != null && profiler.active();
    }

    /** The JFR event of an allocation of {@code usable} bytes about to start, or null (not huge, or not recorded). */
    HugeAllocationEvent hugeStart(long usable) {
        return usable < hugeThreshold ? null : TelemetryEvents.hugeAllocation();
    }

    /** Ends a huge allocation's event (a null event: nothing to do). */
    void hugeEnd(HugeAllocationEvent e, long request, long usable, long address, int arena) {
        if (e != null) {
            TelemetryEvents.commit(e, name, request, usable, address, arena);
        }
    }

    /** Reports a failed allocation (JFR). */
    void outOfMemory(long request, OutOfMemoryError error) {
        OutOfMemoryEvent e = TelemetryEvents.outOfMemory();
        if (e != null) {
            TelemetryEvents.commit(e, name, request, error.getMessage());
        }
    }

    /** Records a sampled allocation with the profiler and reports it (JFR). */
    void sampled(long address, long usable, int sizeClass, boolean promoted) {
        profiler.record(address, usable, sizeClass, promoted);
        ProfileSampleEvent e = TelemetryEvents.profileSample();
        if (e != null) {
            TelemetryEvents.commit(e, name, address, usable,
                    org.jmalloc.allocator.prof.SampleMath.weight(usable, profiler.lgSample()));
        }
    }

    /** On close: the leak report of the live samples, when there are any and a sink is set. */
    void leakReport() {
        if (profiler == null || profiling.leakReport() == null || profiler.liveSamples() == 0) {
            return;
        }
        profiling.leakReport().accept(profiler.snapshot().leakReport());
    }
}
