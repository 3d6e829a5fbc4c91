package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code close()} contract (see its Javadoc), every half of it that can be tested: every call
 * ordered after {@code close()} throws {@code IllegalStateException("allocator is closed")} — on the
 * closing thread, and on another thread even where its warm cache would have served the call on a
 * fast path; a second or concurrent {@code close()} does nothing; open {@code newArena()} arenas
 * are closed first, so their segments throw instead of touching unmapped memory; everything
 * mapped is unmapped; and the process-wide allocator refuses to be closed at all. (Calls racing
 * with {@code close()} are the caller's bug and have no outcome to test.)
 */
class AllocatorCloseTest {

    /** Blocks and a segment obtained before the close, so calls taking them have something real to pass. */
    private record Held(long small, long large, MemorySegment segment) {
    }

    private record Call(String name, BiConsumer<Allocator, Held> call) {
    }

    static Stream<Arguments> everyMethod() {
        Stream<Call> calls = Stream.of(
                new Call("malloc", (a, h) -> a.malloc(64)),
                new Call("calloc", (a, h) -> a.calloc(4, 16)),
                new Call("alignedAlloc", (a, h) -> a.alignedAlloc(4096, 64)),
                new Call("realloc of a block", (a, h) -> a.realloc(h.small(), 128)),
                new Call("realloc(0, n)", (a, h) -> a.realloc(0, 128)),
                new Call("free of a small block", (a, h) -> a.free(h.small())),
                new Call("free of a large block", (a, h) -> a.free(h.large())),
                new Call("free(0)", (a, h) -> a.free(0)),
                new Call("sized free", (a, h) -> a.free(h.small(), 64)),
                new Call("usableSize", (a, h) -> a.usableSize(h.small())),
                new Call("sizeFor", (a, h) -> a.sizeFor(100)),
                new Call("allocate", (a, h) -> a.allocate(64, 16)),
                new Call("free of a segment", (a, h) -> a.free(h.segment())),
                new Call("newArena", (a, h) -> a.newArena()),
                new Call("stats", (a, h) -> a.stats()),
                new Call("purge", (a, h) -> a.purge()),
                new Call("flushThreadCache", (a, h) -> a.flushThreadCache()),
                new Call("config", (a, h) -> a.config()));
        return calls.map(c -> Arguments.of(Named.of(c.name(), c)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyMethod")
    void everyMethodThrowsAfterClose(Call call) {
        Allocator allocator = Allocator.builder().arenas(1).build();
        Held held = new Held(allocator.malloc(64), allocator.malloc(1 << 20), allocator.allocate(64, 16));
        allocator.close();
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> call.call().accept(allocator, held), call.name() + " after close()");
        assertEquals("allocator is closed", thrown.getMessage(), call.name() + " after close()");
    }

    @Test
    void closingTwiceIsHarmless() {
        Allocator allocator = Allocator.builder().build();
        long block = allocator.malloc(1000);
        Cookies.fill(block, 1000, (byte) 7);
        allocator.close();
        assertDoesNotThrow(allocator::close, "second close()");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> allocator.malloc(16));
        assertEquals("allocator is closed", thrown.getMessage());
    }

    @Test
    void globalAllocatorCannotBeClosedAndStaysUsable() {
        Allocator global = Allocator.global();
        assertThrows(UnsupportedOperationException.class, global::close, "Allocator.global().close()");
        long block = global.malloc(100);
        long seed = Cookies.seedFor(block, 100);
        Cookies.write(block, 100, seed);
        Cookies.check(block, 100, seed, "block of the global allocator after the refused close()");
        global.free(block);
        assertEquals(global, Allocator.global(), "Allocator.global() is one allocator");
    }

    @Test
    void closeUnmapsEverythingItMapped() {
        TestOsMemory os = TestOsMemory.counting();
        Allocator allocator = Allocator.builder().osMemory(os).arenas(2).build();
        for (int i = 0; i < 16; i++) {
            Cookies.fill(allocator.malloc(1 << 20), 1 << 20, (byte) 1); // never freed: close() takes them back
            Cookies.fill(allocator.malloc(100), 100, (byte) 1);
        }
        long block = allocator.malloc(1 << 20);
        allocator.free(block);
        long mapped = os.bytesMapped();
        allocator.close();
        assertEquals(mapped, os.bytesUnmapped(), "bytes unmapped by close() (of " + mapped + " mapped)");
    }

    /**
     * The guarantee for other threads: a thread whose calls are ordered after close() (here by a
     * latch) gets "allocator is closed" even on the calls its warm cache would have served on the
     * fast path, directly and through its ThreadHandle.
     */
    @Test
    void callsOfAnotherThreadOrderedAfterCloseThrowEvenOnItsFastPaths() throws Exception {
        Allocator allocator = Allocator.builder().arenas(1).build();
        CountDownLatch warm = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        List<String> outcomes = new CopyOnWriteArrayList<>();
        Thread worker = Thread.ofPlatform().start(() -> {
            ThreadHandle handle = allocator.threadHandle();
            long held = allocator.malloc(64);
            long heldByHandle = handle.malloc(64);
            for (int i = 0; i < 100; i++) { // the fast paths are warm: each call below would be a pop or a push
                allocator.free(allocator.malloc(64));
                handle.free(handle.malloc(64), 64);
            }
            warm.countDown();
            awaitQuietly(closed);
            outcomes.add(outcome("malloc", () -> allocator.malloc(64)));
            outcomes.add(outcome("free", () -> allocator.free(held)));
            outcomes.add(outcome("sized free", () -> allocator.free(held, 64)));
            outcomes.add(outcome("ThreadHandle.malloc", () -> handle.malloc(64)));
            outcomes.add(outcome("ThreadHandle.free", () -> handle.free(heldByHandle)));
            outcomes.add(outcome("ThreadHandle sized free", () -> handle.free(heldByHandle, 64)));
        });
        assertTrue(warm.await(30, TimeUnit.SECONDS), "the worker warmed its cache");
        allocator.close();
        closed.countDown();
        assertTrue(worker.join(Duration.ofSeconds(30)), "the worker finished");
        assertEquals(List.of("malloc: allocator is closed", "free: allocator is closed",
                "sized free: allocator is closed", "ThreadHandle.malloc: allocator is closed",
                "ThreadHandle.free: allocator is closed", "ThreadHandle sized free: allocator is closed"), outcomes);
    }

    /** Two threads closing at once: one closes, the other returns; both see a closed allocator afterwards. */
    @Test
    void concurrentClosesAreHarmless() throws Exception {
        Allocator allocator = Allocator.builder().arenas(2).build();
        Cookies.fill(allocator.malloc(1 << 20), 1 << 20, (byte) 1);
        CountDownLatch start = new CountDownLatch(1);
        List<String> outcomes = new CopyOnWriteArrayList<>();
        Thread[] closers = new Thread[2];
        for (int i = 0; i < closers.length; i++) {
            closers[i] = Thread.ofPlatform().start(() -> {
                awaitQuietly(start);
                outcomes.add(outcome("close", allocator::close));
                outcomes.add(outcome("malloc", () -> allocator.malloc(16)));
            });
        }
        start.countDown();
        for (Thread closer : closers) {
            assertTrue(closer.join(Duration.ofSeconds(30)), "a closer finished");
        }
        assertEquals(2, outcomes.stream().filter("close: returned"::equals).count(), outcomes.toString());
        assertEquals(2, outcomes.stream().filter("malloc: allocator is closed"::equals).count(), outcomes.toString());
    }

    /**
     * An arena from newArena() still open when its allocator closes is closed first: its segments
     * are no longer alive, and accessing one throws instead of reading unmapped memory. The test
     * touches the segment only once it has seen isAlive() == false, so a regression fails here
     * instead of crashing the test JVM.
     */
    @Test
    void closingTheAllocatorClosesItsOpenArenasFirst() {
        Allocator allocator = Allocator.builder().arenas(1).build();
        Arena open = allocator.newArena();
        MemorySegment small = open.allocate(64, 8);
        MemorySegment large = open.allocate(1 << 20, 4096);
        small.set(ValueLayout.JAVA_LONG, 0, 42);
        Arena closedByItsOwner = allocator.newArena();
        MemorySegment gone = closedByItsOwner.allocate(64, 8);
        closedByItsOwner.close();
        allocator.close();
        assertFalse(open.scope().isAlive(), "the open arena's scope after the allocator's close()");
        assertFalse(small.scope().isAlive(), "a segment of the open arena after the allocator's close()");
        assertFalse(gone.scope().isAlive(), "a segment of the arena closed earlier");
        assertThrows(IllegalStateException.class, () -> small.get(ValueLayout.JAVA_LONG, 0), "read of a small segment");
        assertThrows(IllegalStateException.class, () -> large.set(ValueLayout.JAVA_BYTE, 4096, (byte) 1),
                "write to a large segment");
        assertThrows(IllegalStateException.class, () -> open.allocate(16, 8), "allocate from the closed arena");
    }

    private static String outcome(String name, Runnable call) {
        try {
            call.run();
            return name + ": returned";
        } catch (RuntimeException e) {
            return name + ": " + e.getMessage();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
