package org.jmalloc.allocator.tcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.jmalloc.allocator.arena.Arena;
import org.jmalloc.allocator.extent.AddressMap;
import org.jmalloc.allocator.extent.MappedMemory;
import org.jmalloc.allocator.extent.PageIndex;
import org.jmalloc.allocator.os.OsMemory;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.junit.jupiter.api.Test;

/**
 * The by-thread-id table the fast paths read: an entry holds its cache's slots and names its owner
 * by thread id, a thread whose id collides with a registered one is served by the ThreadLocal, and
 * a dead thread's entry is cleared when it is reaped.
 */
class CacheRegistryTest {

    private static final long PAGE = 4096;
    private static final long NEVER = -1;

    private static int slotOf(Thread t) {
        return (int) t.threadId() & (CacheRegistry.BY_ID_SLOTS - 1);
    }

    /** A registry over one arena that caches every small class, its stacks sized as the allocator sizes them. */
    private static CacheRegistry oneArenaRegistry(SizeClasses classes, MappedMemory memory, int owner) {
        AddressMap map = new AddressMap(12);
        Arena[] arenas = {new Arena(0, classes, memory, map, NEVER, NEVER, owner, classes.smallCount())};
        int[] regions = new int[classes.smallCount()];
        for (int c = 0; c < regions.length; c++) {
            regions[c] = classes.runRegions(c);
        }
        return new CacheRegistry(arenas, map, classes.smallCount(), classes.smallCount(), regions);
    }

    @Test
    void aCollidingThreadIsServedByTheThreadLocalAndTheTableKeepsTheFirstOwner() throws Exception {
        MappedMemory memory = new MappedMemory(OsMemory.system(), PAGE, Long.MAX_VALUE);
        int owner = PageIndex.newOwner();
        try {
            SizeClasses classes = new SizeClasses(PAGE);
            CacheRegistry registry = oneArenaRegistry(classes, memory, owner);

            CountDownLatch firstBound = new CountDownLatch(1);
            CountDownLatch firstMayEnd = new CountDownLatch(1);
            AtomicReference<ThreadCache> firstCache = new AtomicReference<>();
            AtomicReference<ThreadCache> firstLocal = new AtomicReference<>();
            Thread first = Thread.ofPlatform().unstarted(() -> {
                firstCache.set(registry.bind());
                firstLocal.set(registry.local());
                firstBound.countDown();
                try {
                    firstMayEnd.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            AtomicReference<ThreadCache> secondCache = new AtomicReference<>();
            AtomicReference<ThreadCache> secondLocal = new AtomicReference<>();
            Runnable bindSecond = () -> {
                secondCache.set(registry.bind());
                secondLocal.set(registry.local());
            };
            // Thread ids are handed out at construction, in order: make (and drop) unstarted threads
            // until one lands in the first thread's table slot.
            Thread second;
            do {
                second = Thread.ofPlatform().unstarted(bindSecond);
            } while (slotOf(second) != slotOf(first));

            first.start();
            firstBound.await();
            second.start();
            second.join();

            assertSame(firstCache.get(), firstLocal.get(), "the first thread finds its own cache");
            assertSame(secondCache.get(), secondLocal.get(), "the colliding thread finds its own cache");
            assertNotSame(firstCache.get(), secondCache.get());
            long[] entry = registry.slotsByIdTable()[slotOf(first)];
            assertSame(firstCache.get().slots(), entry, "the table keeps the first registered thread");
            assertEquals(first.threadId(), entry[CacheSlots.OWNER], "and names it by thread id");
            assertEquals(second.threadId(), secondCache.get().slots()[CacheSlots.OWNER],
                    "the colliding thread's slots name it, so the fast path never takes them for the first's");

            firstMayEnd.countDown();
            first.join();
            registry.reapDead();
            assertNull(registry.slotsByIdTable()[slotOf(first)], "a reaped thread's entry is cleared");
            assertEquals(0, registry.registered(), "both threads are dead and reaped");
        } finally {
            memory.close();
            PageIndex.releaseOwner(owner);
        }
    }

    /**
     * The shared caches' busy flags are spaced a cache-line pair apart (and away from the array
     * header), so claiming one shared cache does not pull its neighbours' flags off other cores.
     */
    @Test
    void busyFlagsOfSharedCachesLieOnSeparateCacheLinePairs() {
        int bytesPerFlag = Integer.BYTES;
        for (int slot = 0; slot < 64; slot++) {
            assertTrue((long) CacheRegistry.flagIndex(slot) * bytesPerFlag >= 128L * (slot + 1),
                    "flag " + slot + " is at byte " + CacheRegistry.flagIndex(slot) * bytesPerFlag);
            assertEquals(128, (CacheRegistry.flagIndex(slot + 1) - CacheRegistry.flagIndex(slot)) * bytesPerFlag,
                    "bytes from flag " + slot + " to the next");
        }
    }

    /** Two virtual threads holding shared caches at once hold different ones; a released one can be claimed again. */
    @Test
    void sharedCachesAreClaimedExclusivelyAndReleased() throws Exception {
        MappedMemory memory = new MappedMemory(OsMemory.system(), PAGE, Long.MAX_VALUE);
        int owner = PageIndex.newOwner();
        try {
            // Two arenas, so two shared caches; no class cached (the claims are what is tested).
            SizeClasses classes = new SizeClasses(PAGE);
            AddressMap map = new AddressMap(12);
            Arena[] arenas = new Arena[2];
            for (int i = 0; i < arenas.length; i++) {
                arenas[i] = new Arena(i, classes, memory, map, NEVER, NEVER, owner, 0);
            }
            CacheRegistry registry = new CacheRegistry(arenas, map, 0, classes.smallCount(), new int[classes.smallCount()]);
            int[] got = new int[4]; // first, second, third (both busy), after releasing the first
            Thread claimer = Thread.ofVirtual().start(() -> {
                got[0] = registry.acquireShared();
                got[1] = registry.acquireShared();
                got[2] = registry.acquireShared();
                registry.releaseShared(got[0]);
                got[3] = registry.acquireShared();
            });
            claimer.join();
            assertTrue(got[0] >= 0 && got[1] >= 0, "both claims succeed: " + got[0] + ", " + got[1]);
            assertNotEquals(got[0], got[1], "two claims at once get two different caches");
            assertEquals(-1, got[2], "a third claim finds none free");
            assertEquals(got[0], got[3], "after its release the first cache is claimed again");
        } finally {
            memory.close();
            PageIndex.releaseOwner(owner);
        }
    }

    @Test
    void aDeadThreadsCacheIsTakenOverWholeByTheNextThreadOnceReaped() throws Exception {
        MappedMemory memory = new MappedMemory(OsMemory.system(), PAGE, Long.MAX_VALUE);
        int owner = PageIndex.newOwner();
        try {
            SizeClasses classes = new SizeClasses(PAGE);
            CacheRegistry registry = oneArenaRegistry(classes, memory, owner);
            AtomicReference<ThreadCache> first = new AtomicReference<>();
            Thread t = Thread.ofPlatform().start(() -> first.set(registry.bind()));
            t.join();
            long withDeadCache = registry.metadataBytes();
            registry.reapDead();
            assertEquals(withDeadCache, registry.metadataBytes(), "a reaped cache's arrays are kept, and counted, as a spare");
            AtomicReference<ThreadCache> second = new AtomicReference<>();
            Thread u = Thread.ofPlatform().start(() -> second.set(registry.bind()));
            u.join();
            assertSame(first.get(), second.get(), "the dead thread's cache serves the new thread");
            assertSame(u, second.get().owner(), "owned by the new thread");
            assertEquals(withDeadCache, registry.metadataBytes(), "the second thread's cache allocated no new arrays");
            assertEquals(u.threadId(), second.get().slots()[CacheSlots.OWNER], "owned by the new thread");
            for (int c = 0; c < classes.smallCount(); c++) {
                assertEquals(second.get().base(c), second.get().top(c), "class " + c + " starts empty");
            }
        } finally {
            memory.close();
            PageIndex.releaseOwner(owner);
        }
    }
}
