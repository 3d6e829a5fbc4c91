package org.jmalloc.allocator;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.ObjectName;
import org.jmalloc.allocator.extent.PageIndex;

/**
 * The close sequence of one {@link Allocator} and what it must undo: the {@link Allocator#newArena()}
 * arenas still open and the MBeans registered. {@link #run()} is the order {@link Allocator#close()}
 * documents: open arenas closed (their segments invalidated before any memory goes), the slow
 * paths' last work while still open (the checked paths drain their quarantine), the heap profiler's
 * leak report, then the allocator marked closed, and only then the MBeans unregistered, the
 * background purger stopped, the caches dropped and every mapping unmapped.
 */
final class Shutdown {

    private final AllocatorParts parts;
    /** The {@link Allocator#newArena()} arenas not closed yet; each joins on creation and leaves on close. */
    final Set<AllocatorArena> openArenas = ConcurrentHashMap.newKeySet();
    private final List<ObjectName> mbeans = new CopyOnWriteArrayList<>();

    Shutdown(AllocatorParts parts) {
        this.parts = parts;
    }

    /** Records an MBean registered for the allocator, to unregister on close. */
    void registered(ObjectName name) {
        mbeans.add(name);
    }

    /**
     * Closes the allocator; a second call, or one racing with the first, does nothing.
     *
     * @throws IllegalStateException when an open arena's scope is in use by another thread (the
     *     allocator then stays open)
     */
    void run() {
        synchronized (this) {
            if (parts.slow.isClosed()) {
                return;
            }
            for (AllocatorArena arena : List.copyOf(openArenas)) {
                arena.close();
            }
            parts.slow.beforeClose();
            parts.obs.leakReport();
            parts.slow.close();
        }
        for (ObjectName on : mbeans) {
            AllocatorMBeanView.unregister(on);
        }
        if (parts.purger != null) {
            parts.purger.stop();
        }
        parts.registry.close();
        parts.memory.close(); // clears this allocator's page-index entries before unmapping
        PageIndex.releaseOwner(parts.owner);
    }
}
