package org.jmalloc.lab.info;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jmalloc.allocator.Allocator;
import org.jmalloc.allocator.Stats;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.jmalloc.lab.core.text.Bytes;

/**
 * A short check that an allocator works on this machine: it allocates a spread of sizes through
 * every allocation call, writes a distinct pattern into every block, checks that no two blocks
 * overlap and that every pattern survived, cross-checks {@code usableSize}, {@code sizeFor} and
 * {@link SizeClasses}, checks the stats invariants, frees everything and checks that the
 * allocator reports nothing allocated. Not a benchmark and not a stress test (the stress module
 * is both seeded and long); it takes well under a second.
 *
 * <p>Every check runs even when an earlier one failed, and reports what it saw. The allocator
 * should be fresh and used by no other thread; the check leaves blocks allocated when it fails, so
 * the caller closes the allocator afterwards.
 */
public final class SelfCheck {

    /** Request sizes: around the quantum, the small/large boundary, page multiples and beyond. */
    static final long[] SIZES = {
        1, 8, 15, 16, 17, 24, 48, 100, 128, 255, 512, 1000, 1024, 3000, 4096, 5000, 8192,
        14336, 16384, 20000, 32768, 40000, 65536, 100_000, 262_144, 1 << 20, (4 << 20) + 1,
    };

    /** Alignments for {@code alignedAlloc}, each tried with every size in {@link #ALIGNED_SIZES}. */
    static final long[] ALIGNMENTS = {16, 64, 256, 4096, 65536, 2 << 20};

    static final long[] ALIGNED_SIZES = {1, 100, 5000, 100_000};

    /** Each element {count, size} of a {@code calloc} request. */
    static final long[][] CALLOCS = {{1, 1}, {10, 100}, {3, 4096}, {1, 100_000}, {4, 300_000}};

    /** Sizes a block is grown and then shrunk through by {@code realloc}. */
    static final long[] REALLOCS = {24, 200, 5000, 100_000, 3 << 20, 40};

    /** Length of the repeating fill pattern, see {@link #period}. */
    private static final int PERIOD = 256;

    /** One check's outcome; {@code detail} says what was checked, or the first thing that was wrong. */
    public record Check(String name, boolean passed, String detail) {
    }

    /**
     * The outcome of a run.
     *
     * @param checks every check, in the order they ran
     * @param liveStats the allocator's stats while all the check's blocks were allocated
     * @param liveBlocks number of blocks allocated when {@code liveStats} was taken
     * @param liveBytes requested bytes of those blocks
     */
    public record Result(List<Check> checks, Stats liveStats, int liveBlocks, long liveBytes) {
        public Result {
            checks = List.copyOf(checks);
        }

        /** Whether every check passed. */
        public boolean passed() {
            return checks.stream().allMatch(Check::passed);
        }

        /** The first check that failed, if any. */
        public Optional<Check> firstFailure() {
            return checks.stream().filter(c -> !c.passed()).findFirst();
        }
    }

    /**
     * A block the check owns: its address, requested size, usable size, pattern seed, and the size
     * to pass to a sized free (the request for malloc, calloc and realloc; the usable size for
     * alignedAlloc, whose block may be in a larger class than the request).
     */
    private record Block(long address, long size, long usable, long seed, long freeSize) {
    }

    /** Thrown inside a check to fail it with a message. */
    private static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private final Allocator allocator;
    private final List<Block> live = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();
    private long nextSeed = 1;

    private SelfCheck(Allocator allocator) {
        this.allocator = allocator;
    }

    /** Runs every check against {@code allocator}, which must be fresh and used by no other thread. */
    public static Result run(Allocator allocator) {
        return new SelfCheck(allocator).runAll();
    }

    private Result runAll() {
        check("sizeFor", this::checkSizeFor);
        check("malloc", this::checkMalloc);
        check("calloc", this::checkCalloc);
        check("realloc", this::checkRealloc);
        check("alignedAlloc", this::checkAlignedAlloc);
        check("segments", this::checkSegments);
        check("no overlap", this::checkNoOverlap);
        check("contents", this::checkContents);
        int liveBlocks = live.size();
        long liveBytes = live.stream().mapToLong(Block::size).sum();
        Stats[] liveStats = new Stats[1];
        check("stats", () -> {
            liveStats[0] = allocator.stats();
            return checkStats(liveStats[0], true);
        });
        check("free", this::checkFree);
        check("invalid input", this::checkInvalidInput);
        return new Result(checks, liveStats[0], liveBlocks, liveBytes);
    }

    private interface Body {
        String run();
    }

    private void check(String name, Body body) {
        String detail;
        boolean passed;
        try {
            detail = body.run();
            passed = true;
        } catch (Failure f) {
            detail = f.getMessage();
            passed = false;
        } catch (RuntimeException | Error e) {
            // An unexpected exception is an allocator bug: say where it was thrown.
            StackTraceElement[] trace = e.getStackTrace();
            detail = e.getClass().getSimpleName() + ": " + e.getMessage()
                    + (trace.length == 0 ? "" : " (at " + trace[0] + ")");
            passed = false;
        }
        checks.add(new Check(name, passed, detail));
    }

    private String checkSizeFor() {
        long smallMax = allocator.config().smallMaxSize();
        long previous = 0;
        for (long size = 1; size <= smallMax; size++) {
            long usable = allocator.sizeFor(size);
            long sizeClass = SizeClasses.roundUp(size);
            if (usable != sizeClass) {
                throw new Failure("sizeFor(" + size + ") = " + usable + " but SizeClasses.roundUp("
                        + size + ") = " + sizeClass);
            }
            if (usable < previous) {
                throw new Failure("sizeFor(" + size + ") = " + usable + " is less than sizeFor("
                        + (size - 1) + ") = " + previous);
            }
            previous = usable;
        }
        for (long size : SIZES) {
            long usable = allocator.sizeFor(size);
            if (usable < size) {
                throw new Failure("sizeFor(" + size + ") = " + usable + " is less than the request");
            }
        }
        return "equals SizeClasses.roundUp for every size 1.." + smallMax + ", covers the request up to "
                + Bytes.human(SIZES[SIZES.length - 1]);
    }

    private String checkMalloc() {
        for (long size : SIZES) {
            for (int copy = 0; copy < 2; copy++) {
                long address = allocator.malloc(size);
                requireAligned("malloc(" + size + ")", address, 16);
                long usable = allocator.usableSize(address);
                long expected = allocator.sizeFor(size);
                if (usable != expected) {
                    allocator.free(address);
                    throw new Failure("usableSize(malloc(" + size + ")) = " + usable + " but sizeFor(" + size
                            + ") = " + expected);
                }
                adopt(address, size, usable);
            }
        }
        return (2 * SIZES.length) + " blocks of " + SIZES.length + " sizes from " + Bytes.human(SIZES[0])
                + " to " + Bytes.human(SIZES[SIZES.length - 1]) + ", usableSize = sizeFor";
    }

    private String checkCalloc() {
        for (long[] request : CALLOCS) {
            long count = request[0];
            long size = request[1];
            long bytes = count * size;
            // Dirty a block of the same class first, so a calloc that reuses it unzeroed is caught.
            long dirty = allocator.malloc(bytes);
            segment(dirty, bytes).fill((byte) 0xA5);
            allocator.free(dirty);
            long address = allocator.calloc(count, size);
            String call = "calloc(" + count + ", " + size + ")";
            requireAligned(call, address, 16);
            MemorySegment block = segment(address, bytes);
            long nonZero = block.mismatch(MemorySegment.ofArray(new byte[(int) bytes]));
            if (nonZero >= 0) {
                throw new Failure(call + " returned memory with a non-zero byte at offset " + nonZero);
            }
            long usable = allocator.usableSize(address);
            if (usable < bytes) {
                throw new Failure("usableSize(" + call + ") = " + usable + " is less than " + bytes);
            }
            adopt(address, bytes, usable);
        }
        return CALLOCS.length + " requests up to " + Bytes.human(4 * 300_000) + " zeroed after reuse of a dirtied block";
    }

    private String checkRealloc() {
        long address = allocator.realloc(0, REALLOCS[0]);
        requireAligned("realloc(0, " + REALLOCS[0] + ")", address, 16);
        long seed = nextSeed++;
        long size = REALLOCS[0];
        fill(address, size, seed);
        for (int i = 1; i < REALLOCS.length; i++) {
            long newSize = REALLOCS[i];
            long moved = allocator.realloc(address, newSize);
            String call = "realloc(" + size + " -> " + newSize + ")";
            requireAligned(call, moved, 16);
            long kept = Math.min(size, newSize);
            long bad = firstBadByte(moved, kept, seed);
            if (bad >= 0) {
                throw new Failure(call + " lost the block's contents at offset " + bad);
            }
            if (allocator.usableSize(moved) < newSize) {
                throw new Failure("usableSize after " + call + " = " + allocator.usableSize(moved));
            }
            address = moved;
            size = newSize;
            fill(address, size, seed);
        }
        live.add(new Block(address, size, allocator.usableSize(address), seed, size));
        return "grown " + Bytes.human(REALLOCS[0]) + " to " + Bytes.human(3 << 20) + " and shrunk to "
                + Bytes.human(REALLOCS[REALLOCS.length - 1]) + ", contents kept";
    }

    private String checkAlignedAlloc() {
        for (long alignment : ALIGNMENTS) {
            for (long size : ALIGNED_SIZES) {
                long address = allocator.alignedAlloc(alignment, size);
                requireAligned("alignedAlloc(" + alignment + ", " + size + ")", address, alignment);
                long usable = allocator.usableSize(address);
                if (usable < size) {
                    throw new Failure("usableSize(alignedAlloc(" + alignment + ", " + size + ")) = " + usable);
                }
                adopt(address, size, usable, usable);
            }
        }
        return (ALIGNMENTS.length * ALIGNED_SIZES.length) + " blocks, alignments " + Bytes.human(ALIGNMENTS[0])
                + " to " + Bytes.human(ALIGNMENTS[ALIGNMENTS.length - 1]);
    }

    private String checkSegments() {
        MemorySegment segment = allocator.allocate(1000, 256);
        if (segment.byteSize() != 1000) {
            throw new Failure("allocate(1000, 256) returned a segment of " + segment.byteSize() + " bytes");
        }
        requireAligned("allocate(1000, 256)", segment.address(), 256);
        segment.fill((byte) 1);
        allocator.free(segment);
        long sum = 0;
        try (Arena arena = allocator.newArena()) {
            for (long size : new long[] {8, 100, 5000, 100_000}) {
                MemorySegment s = arena.allocate(size, 8);
                if (s.byteSize() != size) {
                    throw new Failure("newArena().allocate(" + size + ", 8) returned " + s.byteSize() + " bytes");
                }
                s.fill((byte) 7);
                sum += s.get(ValueLayout.JAVA_BYTE, size - 1);
            }
        }
        if (sum != 4 * 7) {
            throw new Failure("arena segments did not keep their contents");
        }
        return "allocate/free of a segment, 4 segments freed by closing newArena()";
    }

    private String checkNoOverlap() {
        List<Block> sorted = new ArrayList<>(live);
        sorted.sort(Comparator.comparingLong(Block::address));
        for (int i = 1; i < sorted.size(); i++) {
            Block a = sorted.get(i - 1);
            Block b = sorted.get(i);
            if (Long.compareUnsigned(a.address + a.usable, b.address) > 0) {
                throw new Failure(String.format("block 0x%x (%d usable bytes) overlaps block 0x%x",
                        a.address, a.usable, b.address));
            }
        }
        return sorted.size() + " live blocks, pairwise disjoint";
    }

    private String checkContents() {
        for (Block b : live) {
            long bad = firstBadByte(b.address, b.size, b.seed);
            if (bad >= 0) {
                throw new Failure(String.format("block 0x%x of %d bytes was overwritten at offset %d",
                        b.address, b.size, bad));
            }
        }
        return "every byte of " + live.size() + " blocks still holds its pattern";
    }

    private String checkFree() {
        int sized = 0;
        List<Block> blocks = new ArrayList<>(live);
        live.clear();
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            if (i % 2 == 0) {
                allocator.free(b.address, b.freeSize);
                sized++;
            } else {
                allocator.free(b.address);
            }
        }
        allocator.flushThreadCache();
        Stats after = allocator.stats();
        checkStats(after, false);
        if (after.allocated() != 0) {
            throw new Failure("after freeing every block and flushing the thread cache, stats.allocated = "
                    + after.allocated() + " (expected 0)");
        }
        return blocks.size() + " blocks freed (" + sized + " with sized free), stats.allocated = 0";
    }

    private String checkInvalidInput() {
        expect(IllegalArgumentException.class, "invalid size 0: must be between 1 and 1099511627776",
                () -> allocator.malloc(0));
        expect(IllegalArgumentException.class, "invalid alignment 3: must be a power of two up to 1073741824",
                () -> allocator.alignedAlloc(3, 8));
        long address = allocator.malloc(64);
        expect(IllegalArgumentException.class,
                String.format("free of 0x%x: interior address of the block at 0x%x", address + 16, address),
                () -> allocator.free(address + 16));
        allocator.free(address);
        expect(IllegalStateException.class, String.format("double free of 0x%x: the block is already free", address),
                () -> allocator.free(address));
        return "malloc(0), alignment 3, interior free and double free rejected with the documented errors";
    }

    private String checkStats(Stats s, boolean withLiveBlocks) {
        if (s.allocated() > s.active() || s.active() > s.resident() || s.active() > s.mapped()) {
            throw new Failure("stats invariants broken: allocated " + s.allocated() + ", active " + s.active()
                    + ", resident " + s.resident() + ", mapped " + s.mapped()
                    + " (expected allocated <= active <= resident and active <= mapped)");
        }
        if (withLiveBlocks) {
            long usable = live.stream().mapToLong(Block::usable).sum();
            if (s.allocated() < usable) {
                throw new Failure("stats.allocated = " + s.allocated() + " is less than the " + usable
                        + " usable bytes of the " + live.size() + " live blocks");
            }
        }
        return "allocated <= active <= resident, active <= mapped"
                + (withLiveBlocks ? ", allocated covers the live blocks" : "");
    }

    private interface Call {
        void run();
    }

    private static void expect(Class<? extends RuntimeException> type, String message, Call call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            if (type.isInstance(e) && message.equals(e.getMessage())) {
                return;
            }
            throw new Failure("expected " + type.getSimpleName() + "(\"" + message + "\") but got "
                    + e.getClass().getSimpleName() + "(\"" + e.getMessage() + "\")");
        }
        throw new Failure("expected " + type.getSimpleName() + "(\"" + message + "\") but the call returned");
    }

    private static void requireAligned(String call, long address, long alignment) {
        if (address == 0) {
            throw new Failure(call + " returned 0");
        }
        if ((address & (alignment - 1)) != 0) {
            throw new Failure(String.format("%s returned 0x%x, not %d-byte aligned", call, address, alignment));
        }
    }

    /** Fills a fresh block with its own pattern and takes ownership of it. */
    private void adopt(long address, long size, long usable) {
        adopt(address, size, usable, size);
    }

    private void adopt(long address, long size, long usable, long freeSize) {
        long seed = nextSeed++;
        fill(address, size, seed);
        live.add(new Block(address, size, usable, seed, freeSize));
    }

    private static MemorySegment segment(long address, long size) {
        return MemorySegment.ofAddress(address).reinterpret(size);
    }

    /**
     * Byte {@code i} of a block with seed {@code s} is {@code (byte) (s * 31 + i)}. 31 is odd, so
     * blocks whose seeds differ by less than 256 never hold the same byte at the same offset: a
     * block written over another one always shows. The pattern repeats every 256 bytes, so it is
     * written and compared with bulk copies of one period.
     */
    private static MemorySegment period(long seed) {
        byte[] bytes = new byte[PERIOD];
        for (int i = 0; i < PERIOD; i++) {
            bytes[i] = (byte) (seed * 31 + i);
        }
        return MemorySegment.ofArray(bytes);
    }

    private static void fill(long address, long size, long seed) {
        MemorySegment s = segment(address, size);
        MemorySegment p = period(seed);
        for (long off = 0; off < size; off += PERIOD) {
            MemorySegment.copy(p, 0, s, off, Math.min(PERIOD, size - off));
        }
    }

    /** The first offset below {@code size} whose byte differs from the pattern, or -1. */
    private static long firstBadByte(long address, long size, long seed) {
        MemorySegment s = segment(address, size);
        MemorySegment p = period(seed);
        for (long off = 0; off < size; off += PERIOD) {
            long n = Math.min(PERIOD, size - off);
            long at = s.asSlice(off, n).mismatch(p.asSlice(0, n));
            if (at >= 0) {
                return off + at;
            }
        }
        return -1;
    }
}
