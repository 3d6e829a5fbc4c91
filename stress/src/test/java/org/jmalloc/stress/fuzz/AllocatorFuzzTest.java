package org.jmalloc.stress.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jmalloc.allocator.Allocator;
import org.jmalloc.allocator.AllocatorBuilder;
import org.jmalloc.stress.fuzz.ReferenceModel.Block;

/**
 * Random sequences of allocator calls, decoded from the fuzzer's bytes, checked against a
 * {@link ReferenceModel}: malloc, calloc, realloc, alignedAlloc, plain and sized free, frees from
 * another thread, segments and arenas, and the documented errors for bad input. After the sequence
 * everything is freed and {@code stats().allocated} must be 0.
 *
 * <p>Under {@code mvn verify} this replays the saved inputs in
 * {@code src/test/resources/org/jmalloc/stress/fuzz/AllocatorFuzzTestInputs/}; {@code -Pfuzz}
 * fuzzes it ({@code JAZZER_FUZZ=1}) for {@code fuzz.duration}. A finding is written to that
 * directory as {@code crash-<sha1>}, where it becomes a regression test.
 */
class AllocatorFuzzTest {

    private static final int MAX_STEPS = 400;

    @FuzzTest(maxDuration = "10m")
    void apiSequences_matchTheReferenceModel(FuzzedDataProvider data) throws Exception {
        AllocatorBuilder builder = Allocator.builder()
                .arenas(1 + data.consumeInt(0, 3))
                .threadCache(data.consumeBoolean());
        ExecutorService remote = Executors.newSingleThreadExecutor();
        try (Allocator allocator = builder.build()) {
            new Sequence(allocator, remote, data).run();
            remote.submit(allocator::flushThreadCache).get();
            allocator.flushThreadCache();
            allocator.purge();
            assertEquals(0, allocator.stats().allocated(), "allocated after every block was freed");
        } finally {
            remote.shutdownNow();
        }
    }

    /** One decoded sequence of calls. */
    private static final class Sequence {
        private final Allocator a;
        private final ExecutorService remote;
        private final FuzzedDataProvider data;
        private final ReferenceModel model = new ReferenceModel();
        private final Map<Long, MemorySegment> segments = new HashMap<>();
        private final Map<Integer, Arena> arenas = new HashMap<>();
        private int nextArena = 1;

        Sequence(Allocator a, ExecutorService remote, FuzzedDataProvider data) {
            this.a = a;
            this.remote = remote;
            this.data = data;
        }

        void run() throws Exception {
            for (int step = 0; step < MAX_STEPS && data.remainingBytes() > 0; step++) {
                switch (data.consumeInt(0, 13)) {
                    case 0, 1 -> malloc();
                    case 2 -> calloc();
                    case 3 -> realloc();
                    case 4 -> alignedAlloc();
                    case 5, 6 -> free(false);
                    case 7 -> free(true);
                    case 8 -> remoteFree();
                    case 9 -> segment();
                    case 10 -> freeSegment();
                    case 11 -> arenaAllocate();
                    case 12 -> closeArena();
                    default -> badInput();
                }
            }
            for (Block b : model.blocks()) {
                switch (b.owner()) {
                    case ReferenceModel.PLAIN -> {
                        model.remove("final free", b.address());
                        a.free(b.address());
                    }
                    case ReferenceModel.SEGMENT -> {
                        model.remove("final segment free", b.address());
                        a.free(segments.remove(b.address()));
                    }
                    default -> { } // arena blocks: freed by closing their arenas below
                }
            }
            for (int id : arenas.keySet().stream().toList()) {
                close(id);
            }
            assertTrue(model.isEmpty(), "model still holds " + model.size() + " blocks");
        }

        /** Sizes biased to the interesting ranges: tiny, small classes, large, and rarely huge. */
        private long size() {
            return switch (data.consumeInt(0, 7)) {
                case 0 -> data.consumeLong(1, 16);
                case 1, 2, 3 -> data.consumeLong(1, 1024);
                case 4, 5 -> data.consumeLong(1025, 64 * 1024);
                case 6 -> data.consumeLong(64 * 1024, 1 << 20);
                default -> data.consumeLong(1 << 20, 8 << 20);
            };
        }

        private byte fill() {
            return (byte) (data.consumeByte() | 1); // never 0, so a zeroed block is not mistaken for intact
        }

        private void malloc() {
            long size = size();
            long p = a.malloc(size);
            model.add("malloc(" + size + ")", p, size, a.usableSize(p), 16, fill(), ReferenceModel.PLAIN);
            assertEquals(a.sizeFor(size), a.usableSize(p), "usableSize vs sizeFor(" + size + ")");
        }

        private void calloc() {
            long count = data.consumeLong(1, 64);
            long size = Math.max(1, size() / count);
            long p = a.calloc(count, size);
            ReferenceModel.checkZero("calloc(" + count + ", " + size + ")", p, count * size);
            model.add("calloc", p, count * size, a.usableSize(p), 16, fill(), ReferenceModel.PLAIN);
        }

        private void realloc() {
            long size = size();
            Block old = model.pick(data.consumeInt(), ReferenceModel.PLAIN);
            if (old == null || data.consumeInt(0, 7) == 0) {
                long p = a.realloc(0, size); // realloc(0, n) is malloc(n)
                model.add("realloc(0, " + size + ")", p, size, a.usableSize(p), 16, fill(), ReferenceModel.PLAIN);
                return;
            }
            model.remove("realloc", old.address());
            long p = a.realloc(old.address(), size);
            String call = String.format("realloc(0x%x, %d) of a %d-byte block", old.address(), size, old.size());
            ReferenceModel.checkKept(call + " kept bytes", p, old.size(), size, old.fill());
            model.add(call, p, size, a.usableSize(p), 16, fill(), ReferenceModel.PLAIN);
        }

        private void alignedAlloc() {
            long alignment = 1L << data.consumeInt(0, 21);
            long size = size();
            long p = a.alignedAlloc(alignment, size);
            long usable = a.usableSize(p);
            model.add("alignedAlloc(" + alignment + ", " + size + ")", p, size, usable, alignment, fill(),
                    ReferenceModel.PLAIN, usable);
        }

        private void free(boolean sized) {
            Block b = model.pick(data.consumeInt(), ReferenceModel.PLAIN);
            if (b == null) {
                return;
            }
            model.remove(sized ? "sized free" : "free", b.address());
            if (sized) {
                a.free(b.address(), b.sizedFreeSize());
            } else {
                a.free(b.address());
            }
            if (data.consumeInt(0, 3) == 0 && !model.covers(b.address())) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.free(b.address()),
                        "second free of a block");
                assertEquals(String.format("double free of 0x%x: the block is already free", b.address()), e.getMessage());
            }
        }

        private void remoteFree() throws InterruptedException, ExecutionException {
            Block b = model.pick(data.consumeInt(), ReferenceModel.PLAIN);
            if (b == null) {
                return;
            }
            model.remove("remote free", b.address());
            boolean sized = data.consumeBoolean();
            remote.submit(() -> {
                if (sized) {
                    a.free(b.address(), b.sizedFreeSize());
                } else {
                    a.free(b.address());
                }
            }).get();
        }

        private void segment() {
            long size = size();
            long alignment = 1L << data.consumeInt(0, 16);
            MemorySegment s = a.allocate(size, alignment);
            assertEquals(size, s.byteSize(), "segment size");
            model.add("allocate(" + size + ", " + alignment + ")", s.address(), size, a.usableSize(s.address()),
                    alignment, fill(), ReferenceModel.SEGMENT);
            segments.put(s.address(), s);
        }

        private void freeSegment() {
            Block b = model.pick(data.consumeInt(), ReferenceModel.SEGMENT);
            if (b != null) {
                model.remove("free(segment)", b.address());
                a.free(segments.remove(b.address()));
            }
        }

        private void arenaAllocate() {
            int id;
            if (arenas.isEmpty() || data.consumeInt(0, 3) == 0) {
                id = nextArena++;
                arenas.put(id, a.newArena());
            } else {
                id = arenas.keySet().stream().toList().get(data.consumeInt(0, arenas.size() - 1));
            }
            long size = size();
            long alignment = 1L << data.consumeInt(0, 12);
            MemorySegment s = arenas.get(id).allocate(size, alignment);
            assertEquals(size, s.byteSize(), "arena segment size");
            model.add("arena.allocate(" + size + ", " + alignment + ")", s.address(), size,
                    a.usableSize(s.address()), alignment, fill(), id);
        }

        private void closeArena() {
            if (!arenas.isEmpty()) {
                close(arenas.keySet().stream().toList().get(data.consumeInt(0, arenas.size() - 1)));
            }
        }

        private void close(int id) {
            for (Block b : model.blocks()) {
                if (b.owner() == id) {
                    model.remove("arena close", b.address());
                }
            }
            arenas.remove(id).close();
        }

        private void badInput() {
            switch (data.consumeInt(0, 4)) {
                case 0 -> {
                    long size = data.consumeBoolean() ? 0 : -data.consumeLong(1, Long.MAX_VALUE);
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.malloc(size));
                    assertEquals("invalid size " + size + ": must be between 1 and 1099511627776", e.getMessage());
                }
                case 1 -> {
                    long alignment = data.consumeLong(3, 1L << 31) | 1; // odd: never a power of two
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> a.alignedAlloc(alignment, 64));
                    assertEquals("invalid alignment " + alignment + ": must be a power of two up to 1073741824",
                            e.getMessage());
                }
                case 2 -> {
                    long count = data.consumeLong(1L << 21, Long.MAX_VALUE);
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> a.calloc(count, 1L << 20));
                    assertEquals("calloc(" + count + ", 1048576) overflows: count * size exceeds 1099511627776",
                            e.getMessage());
                }
                case 3 -> {
                    Block b = model.pick(data.consumeInt(), ReferenceModel.PLAIN);
                    if (b != null && b.usable() > 16) {
                        long interior = b.address() + 16;
                        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                                () -> a.free(interior));
                        assertEquals(String.format("free of 0x%x: interior address of the block at 0x%x", interior,
                                b.address()), e.getMessage());
                    }
                }
                default -> {
                    long stranger = 0x7000_0000_0000L + (data.consumeLong(0, 1L << 30) << 4);
                    if (!model.covers(stranger)) {
                        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                                () -> a.free(stranger));
                        assertEquals(String.format("free of 0x%x: not an address this allocator returned", stranger),
                                e.getMessage());
                    }
                }
            }
        }
    }
}
