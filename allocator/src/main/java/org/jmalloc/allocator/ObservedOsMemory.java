package org.jmalloc.allocator;

import org.jmalloc.allocator.os.OsMemory;
import org.jmalloc.allocator.telemetry.PurgeEvent;
import org.jmalloc.allocator.telemetry.TelemetryEvents;

/**
 * The allocator's {@link OsMemory} seen by JFR: every purge ({@code madvise}) becomes an
 * {@code org.jmalloc.Purge} event with its range, kind and duration when a recording has the event
 * enabled. Whoever purges — decay, {@code purge()}, the mapping limit — goes through here, so no
 * layer below the API knows about telemetry. Everything else passes straight through.
 */
final class ObservedOsMemory implements OsMemory {

    private final OsMemory os;
    private final String allocator;

    ObservedOsMemory(OsMemory os, String allocator) {
        this.os = os;
        this.allocator = allocator;
    }

    @Override
    public long pageSize() {
        return os.pageSize();
    }

    @Override
    public long map(long size) {
        return os.map(size);
    }

    @Override
    public void unmap(long address, long size) {
        os.unmap(address, size);
    }

    @Override
    public void protect(long address, long size, boolean accessible) {
        os.protect(address, size, accessible);
    }

    @Override
    public boolean adviseHugePages(long address, long size, boolean huge) {
        return os.adviseHugePages(address, size, huge);
    }

    @Override
    public boolean purgeLazy(long address, long size) {
        PurgeEvent e = TelemetryEvents.purge();
        boolean done = os.purgeLazy(address, size);
        if (e != null && done) {
            TelemetryEvents.commit(e, allocator, address, size, true);
        }
        return done;
    }

    @Override
    public void purgeForced(long address, long size) {
        PurgeEvent e = TelemetryEvents.purge();
        os.purgeForced(address, size);
        if (e != null) {
            TelemetryEvents.commit(e, allocator, address, size, false);
        }
    }
}
