package org.jmalloc.allocator;

import org.jmalloc.allocator.telemetry.AllocatorMXBean;

/**
 * The {@link AllocatorMXBean} of one allocator: each attribute read takes a fresh stats snapshot
 * (a JMX client reads attributes one by one, seconds apart, so a shared snapshot would only go
 * stale); the names behind the attributes are those of {@link Allocator#control()}.
 */
final class AllocatorMBeanView implements AllocatorMXBean {

    private final Allocator allocator;
    private final Control control;

    AllocatorMBeanView(Allocator allocator) {
        this.allocator = allocator;
        this.control = allocator.control();
    }

    private long stat(String name) {
        synchronized (control) {
            control.set("epoch", 1L);
            return control.getLong(name);
        }
    }

    @Override
    public long getAllocated() {
        return stat("stats.allocated");
    }

    @Override
    public long getActive() {
        return stat("stats.active");
    }

    @Override
    public long getMetadata() {
        return stat("stats.metadata");
    }

    @Override
    public long getResident() {
        return stat("stats.resident");
    }

    @Override
    public long getMapped() {
        return stat("stats.mapped");
    }

    @Override
    public long getRetained() {
        return stat("stats.retained");
    }

    @Override
    public int getArenas() {
        return (int) control.getLong("arenas.count");
    }

    @Override
    public long getThreads() {
        return stat("stats.threads.count");
    }

    @Override
    public long getThreadsAllocated() {
        return stat("stats.threads.allocated");
    }

    @Override
    public long getThreadsDeallocated() {
        return stat("stats.threads.deallocated");
    }

    @Override
    public long getThreadCacheHits() {
        return stat("stats.tcache.hits");
    }

    @Override
    public long getThreadCacheMisses() {
        return stat("stats.tcache.misses");
    }

    @Override
    public long getThreadCacheFills() {
        return stat("stats.tcache.fills");
    }

    @Override
    public long getThreadCacheFlushes() {
        return stat("stats.tcache.flushes");
    }

    @Override
    public long getPurges() {
        return stat("stats.purges");
    }

    @Override
    public long getPurgedBytes() {
        return stat("stats.purged_bytes");
    }


    /** Registers {@code allocator}'s view as {@code org.jmalloc:type=Allocator,name=<name>}. */
    static javax.management.ObjectName register(Allocator allocator, String name) {
        javax.management.ObjectName on;
        try {
            on = new javax.management.ObjectName("org.jmalloc", new java.util.Hashtable<>(
                    java.util.Map.of("type", "Allocator", "name", javax.management.ObjectName.quote(name))));
        } catch (javax.management.MalformedObjectNameException | NullPointerException e) {
            throw new IllegalArgumentException("invalid MBean name \"" + name + "\": " + e.getMessage(), e);
        }
        try {
            java.lang.management.ManagementFactory.getPlatformMBeanServer().registerMBean(
                    new javax.management.StandardMBean(new AllocatorMBeanView(allocator), AllocatorMXBean.class, true),
                    on);
        } catch (javax.management.InstanceAlreadyExistsException e) {
            throw new IllegalArgumentException("an MBean named " + on + " is already registered: choose another name", e);
        } catch (javax.management.JMException e) {
            throw new IllegalStateException("could not register " + on + ": " + e.getMessage(), e);
        }
        return on;
    }

    /** Unregisters a view (nothing if it is gone already). */
    static void unregister(javax.management.ObjectName on) {
        try {
            java.lang.management.ManagementFactory.getPlatformMBeanServer().unregisterMBean(on);
        } catch (javax.management.InstanceNotFoundException gone) {
            // unregistered by someone else: nothing left to do
        } catch (javax.management.JMException e) {
            throw new IllegalStateException("could not unregister " + on + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isProfilingActive() {
        return control.getBoolean("prof.active");
    }

    @Override
    public void setProfilingActive(boolean active) {
        control.set("prof.active", active);
    }

    @Override
    public long getProfileLiveSamples() {
        return control.getLong("prof.live_samples");
    }

    @Override
    public String statsText() {
        return StatsReport.render(allocator.stats(), allocator.config(), StatsOptions.text());
    }

    @Override
    public String statsJson() {
        return StatsReport.render(allocator.stats(), allocator.config(), StatsOptions.parse("J"));
    }

    @Override
    public String heapProfileCollapsed() {
        return allocator.heapProfile().collapsed();
    }

    @Override
    public void purge() {
        allocator.purge();
    }
}
