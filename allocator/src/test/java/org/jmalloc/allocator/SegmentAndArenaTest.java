package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link MemorySegment} face of the allocator: {@code allocate(size, alignment)} gives a segment
 * of exactly {@code size} bytes at an aligned address, {@code free(segment)} returns it, and
 * {@code newArena()} is a {@link Arena} whose segments are freed, and stop being accessible, when
 * it is closed.
 */
class SegmentAndArenaTest {

    private static final long[][] SIZE_AND_ALIGNMENT = {
        {1, 1}, {7, 8}, {16, 16}, {100, 64}, {1000, 256}, {4096, 4096}, {5000, 16}, {70_000, 8192},
        {1 << 20, 65536}, {3 << 20, 1 << 21}, {24, 1024},
    };

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jmalloc.allocator.AllocatorConfigurations#cacheAndArenas")
    void allocateGivesASegmentOfExactlyTheSizeAtAnAlignedAddress(AllocatorConfigurations.Spec spec) {
        try (Allocator allocator = spec.build()) {
            List<MemorySegment> segments = new ArrayList<>();
            for (long[] sa : SIZE_AND_ALIGNMENT) {
                MemorySegment segment = allocator.allocate(sa[0], sa[1]);
                assertEquals(sa[0], segment.byteSize(), "byteSize of allocate(" + sa[0] + ", " + sa[1] + ")");
                assertEquals(0, segment.address() % sa[1], String.format("allocate(%d, %d) returned 0x%x",
                        sa[0], sa[1], segment.address()));
                segment.fill((byte) segments.size());
                segments.add(segment);
            }
            for (int i = 0; i < segments.size(); i++) {
                MemorySegment segment = segments.get(i);
                assertEquals(-1, segment.mismatch(MemorySegment.ofArray(filled(segment.byteSize(), (byte) i))),
                        "segment " + i + " kept its contents while the others were written");
                allocator.free(segment);
            }
            allocator.flushThreadCache();
            assertEquals(0, allocator.stats().allocated(), "stats().allocated after freeing every segment");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jmalloc.allocator.AllocatorConfigurations#cacheAndArenas")
    void arenaSegmentsAreUsableAndAllFreedOnClose(AllocatorConfigurations.Spec spec) {
        try (Allocator allocator = spec.build()) {
            List<MemorySegment> segments = new ArrayList<>();
            Arena arena = allocator.newArena();
            for (long[] sa : SIZE_AND_ALIGNMENT) {
                MemorySegment segment = arena.allocate(sa[0], sa[1]);
                assertEquals(sa[0], segment.byteSize(), "byteSize of arena.allocate(" + sa[0] + ", " + sa[1] + ")");
                assertEquals(0, segment.address() % sa[1], String.format("arena.allocate(%d, %d) returned 0x%x",
                        sa[0], sa[1], segment.address()));
                assertTrue(segment.scope().isAlive(), "a segment of an open arena is alive");
                segment.fill((byte) (segments.size() + 1));
                segments.add(segment);
            }
            MemorySegment ints = arena.allocate(ValueLayout.JAVA_INT, 1000);
            for (int i = 0; i < 1000; i++) {
                ints.setAtIndex(ValueLayout.JAVA_INT, i, i * 31);
            }
            for (int i = 0; i < 1000; i++) {
                assertEquals(i * 31, ints.getAtIndex(ValueLayout.JAVA_INT, i), "int " + i + " of the array segment");
            }
            segments.add(ints);
            for (int i = 0; i < SIZE_AND_ALIGNMENT.length; i++) {
                MemorySegment segment = segments.get(i);
                assertEquals(-1, segment.mismatch(MemorySegment.ofArray(filled(segment.byteSize(), (byte) (i + 1)))),
                        "segment " + i + " kept its contents while the others were written");
            }
            assertTrue(allocator.stats().allocated() > 0, "the arena's segments are allocated");

            arena.close();
            allocator.flushThreadCache();
            assertEquals(0, allocator.stats().allocated(), "stats().allocated after the arena closed");
            for (MemorySegment segment : segments) {
                assertFalse(segment.scope().isAlive(), "a segment of a closed arena is not alive");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jmalloc.allocator.AllocatorConfigurations#cacheAndArenas")
    void segmentsOfAClosedArenaCannotBeAccessed(AllocatorConfigurations.Spec spec) {
        try (Allocator allocator = spec.build()) {
            Arena arena = allocator.newArena();
            MemorySegment small = arena.allocate(64, 16);
            MemorySegment large = arena.allocate(1 << 20, 4096);
            small.set(ValueLayout.JAVA_LONG, 0, 42);
            large.set(ValueLayout.JAVA_LONG, 8, 43);
            arena.close();
            assertThrows(IllegalStateException.class, () -> small.get(ValueLayout.JAVA_LONG, 0),
                    "reading a segment of a closed arena");
            assertThrows(IllegalStateException.class, () -> large.set(ValueLayout.JAVA_LONG, 8, 1),
                    "writing a segment of a closed arena");
            assertThrows(IllegalStateException.class, () -> small.fill((byte) 0), "filling a segment of a closed arena");
            assertThrows(IllegalStateException.class, () -> arena.allocate(64, 16),
                    "allocating from a closed arena");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jmalloc.allocator.AllocatorConfigurations#cacheAndArenas")
    void arenasAreIndependent(AllocatorConfigurations.Spec spec) {
        try (Allocator allocator = spec.build()) {
            Arena first = allocator.newArena();
            Arena second = allocator.newArena();
            MemorySegment a = first.allocate(256, 16);
            MemorySegment b = second.allocate(256, 16);
            a.fill((byte) 1);
            b.fill((byte) 2);
            first.close();
            assertFalse(a.scope().isAlive(), "the closed arena's segment");
            assertTrue(b.scope().isAlive(), "closing one arena leaves another arena's segment alive");
            assertEquals(-1, b.mismatch(MemorySegment.ofArray(filled(256, (byte) 2))),
                    "the other arena's segment keeps its contents");
            second.close();
            allocator.flushThreadCache();
            assertEquals(0, allocator.stats().allocated(), "stats().allocated after both arenas closed");
        }
    }

    private static byte[] filled(long size, byte value) {
        byte[] bytes = new byte[Math.toIntExact(size)];
        java.util.Arrays.fill(bytes, value);
        return bytes;
    }
}
