package org.jmalloc.allocator.prof;

import java.util.List;

/**
 * One distinct stack that sampled allocations came from, with the live samples' totals. Mutable,
 * guarded by the {@link HeapProfiler}'s lock.
 */
final class CallStack {

    final List<Frame> frames;
    long liveSamples;
    long liveSampledBytes;
    double liveObjects;
    double liveBytes;
    long totalSamples;

    CallStack(List<Frame> frames) {
        this.frames = frames;
    }

    void add(Sample s) {
        liveSamples++;
        liveSampledBytes += s.size();
        liveObjects += s.weight();
        liveBytes += s.weight() * s.size();
        totalSamples++;
    }

    void remove(Sample s) {
        liveSamples--;
        liveSampledBytes -= s.size();
        liveObjects -= s.weight();
        liveBytes -= s.weight() * s.size();
        if (liveSamples == 0) { // no drift from repeated floating-point subtraction
            liveObjects = 0;
            liveBytes = 0;
        }
    }
}
