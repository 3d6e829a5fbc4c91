package org.jmalloc.allocator.telemetry;

/**
 * Creates and commits the allocator's JFR events, so that their fields stay private to this
 * package. Each factory returns null unless a recording has the event enabled: the caller skips
 * all work then (one {@code isEnabled()} check, which the JIT folds while no recording runs).
 */
public final class TelemetryEvents {

    private TelemetryEvents() {
    }

    /** A huge-allocation event begun now (the allocation's start), or null when not recorded. */
    public static HugeAllocationEvent hugeAllocation() {
        HugeAllocationEvent e = new HugeAllocationEvent();
        if (!e.isEnabled()) {
            return null;
        }
        e.begin();
        return e;
    }

    public static void commit(HugeAllocationEvent e, String allocator, long request, long usable, long address,
                              int arena) {
        e.end();
        if (e.shouldCommit()) {
            e.allocator = allocator;
            e.requestedSize = request;
            e.usableSize = usable;
            e.address = address;
            e.arena = arena;
            e.commit();
        }
    }

    public static OutOfMemoryEvent outOfMemory() {
        OutOfMemoryEvent e = new OutOfMemoryEvent();
        return e.isEnabled() ? e : null;
    }

    public static void commit(OutOfMemoryEvent e, String allocator, long request, String message) {
        if (e.shouldCommit()) {
            e.allocator = allocator;
            e.requestedSize = request;
            e.message = message;
            e.commit();
        }
    }

    public static ProfileSampleEvent profileSample() {
        ProfileSampleEvent e = new ProfileSampleEvent();
        return e.isEnabled() ? e : null;
    }

    public static void commit(ProfileSampleEvent e, String allocator, long address, long usable, double weight) {
        if (e.shouldCommit()) {
            e.allocator = allocator;
            e.address = address;
            e.usableSize = usable;
            e.weight = weight;
            e.commit();
        }
    }

    /** A purge event begun now, or null when not recorded. */
    public static PurgeEvent purge() {
        PurgeEvent e = new PurgeEvent();
        if (!e.isEnabled()) {
            return null;
        }
        e.begin();
        return e;
    }

    public static void commit(PurgeEvent e, String allocator, long address, long size, boolean lazy) {
        e.end();
        if (e.shouldCommit()) {
            e.allocator = allocator;
            e.address = address;
            e.size = size;
            e.lazy = lazy;
            e.commit();
        }
    }
}
