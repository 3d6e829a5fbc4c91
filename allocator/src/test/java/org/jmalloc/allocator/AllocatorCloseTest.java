package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code close()} unmaps everything: every later call throws {@code IllegalStateException("allocator
 * is closed")}, a second {@code close()} does nothing, and the process-wide allocator refuses to be
 * closed at all.
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
}
