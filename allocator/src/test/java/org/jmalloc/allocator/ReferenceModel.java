package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

/**
 * Drives an allocator with a seeded random sequence of malloc, calloc, alignedAlloc, realloc, free
 * and sized free, and checks every answer against the test's own model of the live blocks
 * ({@link LiveBlocks}). Not a benchmark.
 *
 * <p>Checked on every step: addresses are non-zero and aligned (16 bytes, or the requested
 * alignment); {@code usableSize ≥ requested}, and {@code usableSize == sizeFor(requested)} for
 * malloc; no two live blocks overlap; every block carries its cookie across its whole usable size
 * until it is freed (checked on free and before realloc); realloc keeps the first
 * {@code min(old usable size, new size)} bytes; calloc memory reads as zero, including right after
 * a dirty block of the same size was freed. A failure names the configuration, the seed and the
 * step, so {@code -Djmalloc.test.seed=<seed>} replays it.
 */
final class ReferenceModel {

    static final long KIB = 1024;
    static final long MIB = 1024 * KIB;

    private final Allocator allocator;
    private final SplittableRandom random;
    private final String label;
    private final long smallMax;
    private final int maxLiveBlocks;
    private final long maxLiveBytes;
    private final LiveBlocks live = new LiveBlocks();
    private long step;
    /** The current step's operation, formatted only when a failure names it: format and arguments. */
    private String opFormat = "none";
    private long opA;
    private long opB;
    private long opC;

    /**
     * @param allocator the allocator under test (not closed here)
     * @param seed the seed of the random sequence
     * @param label names the configuration in failure messages
     * @param maxLiveBlocks the model frees when it holds this many blocks
     * @param maxLiveBytes the model frees when it holds this many usable bytes
     */
    ReferenceModel(Allocator allocator, long seed, String label, int maxLiveBlocks, long maxLiveBytes) {
        this.allocator = allocator;
        this.random = new SplittableRandom(seed);
        this.label = label + " seed=" + seed;
        this.smallMax = allocator.config().smallMaxSize();
        this.maxLiveBlocks = maxLiveBlocks;
        this.maxLiveBytes = maxLiveBytes;
    }

    /** Runs {@code operations} random steps. */
    void run(int operations) {
        for (int i = 0; i < operations; i++) {
            step++;
            try {
                oneStep();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(label + " step " + step + " (" + operation() + "): " + e.getMessage(), e);
            }
        }
    }

    /** Frees every block the model holds, checking each cookie. */
    void freeAll() {
        op("free all", 0, 0, 0);
        while (!live.isEmpty()) {
            LiveBlocks.Block block = live.removeAny();
            Cookies.check(block.address, block.usable, block.seed, () -> label + " final free");
            allocator.free(block.address);
        }
    }

    LiveBlocks live() {
        return live;
    }

    long malloc(long size) {
        op("malloc(%d)", size, 0, 0);
        long address = allocator.malloc(size);
        long usable = checkNew(address, size, 16);
        long expected = allocator.sizeFor(size);
        if (usable != expected) {
            fail(String.format("usableSize(0x%x) = %d after malloc(%d), but sizeFor(%d) = %d",
                    address, usable, size, size, expected));
        }
        return record(address, size, usable);
    }

    private void oneStep() {
        if (live.size() >= maxLiveBlocks || live.bytes() >= maxLiveBytes) {
            free(live.pick(random), random.nextBoolean());
            return;
        }
        double p = random.nextDouble();
        if (p < 0.30 || live.isEmpty()) {
            malloc(drawSize());
        } else if (p < 0.40) {
            calloc(drawSize());
        } else if (p < 0.48) {
            alignedAlloc();
        } else if (p < 0.60) {
            realloc(live.pick(random));
        } else if (p < 0.63) {
            reallocFromZero();
        } else if (p < 0.66) {
            freeDirtyThenCalloc(live.pick(random));
        } else if (p < 0.84) {
            free(live.pick(random), false);
        } else {
            free(live.pick(random), true);
        }
    }

    private void calloc(long size) {
        long[] elementSizes = {1, 2, 4, 8, 16, 24, 100};
        long element = Math.min(size, elementSizes[random.nextInt(elementSizes.length)]);
        long count = Math.max(1, size / element);
        long bytes = count * element;
        op("calloc(%d, %d)", count, element, 0);
        long address = allocator.calloc(count, element);
        long usable = checkNew(address, bytes, 16);
        checkZero(address, bytes);
        record(address, bytes, usable);
    }

    private void alignedAlloc() {
        long alignment = random.nextInt(100) == 0 ? 2 * MIB : 1L << (4 + random.nextInt(13));
        long size = drawSize();
        op("alignedAlloc(%d, %d)", alignment, size, 0);
        long address = allocator.alignedAlloc(alignment, size);
        long usable = checkNew(address, size, alignment);
        record(address, size, usable);
    }

    private void realloc(LiveBlocks.Block block) {
        long newSize = drawSize();
        op("realloc(0x%x, %d) of a %d-byte block", block.address, newSize, block.usable);
        Cookies.check(block.address, block.usable, block.seed, this::operation);
        long address = allocator.realloc(block.address, newSize);
        live.remove(block.address);
        long usable = checkNew(address, newSize, 16);
        long kept = Math.min(block.usable, newSize);
        long at = Cookies.firstMismatch(address, kept, block.seed);
        if (at >= 0) {
            fail(String.format("%s returned 0x%x whose first %d bytes should be the old contents, but offset %d differs",
                    operation(), address, kept, at));
        }
        record(address, newSize, usable);
    }

    private void reallocFromZero() {
        long size = drawSize();
        op("realloc(0, %d)", size, 0, 0);
        long address = allocator.realloc(0, size);
        record(address, size, checkNew(address, size, 16));
    }

    /** Frees a block full of cookie bytes, then callocs the same size: the (likely reused) block must be zero. */
    private void freeDirtyThenCalloc(LiveBlocks.Block block) {
        op("free(0x%x) of a dirty %d-byte block, then calloc(1, %d)", block.address, block.usable, block.requested);
        Cookies.check(block.address, block.usable, block.seed, this::operation);
        live.remove(block.address);
        allocator.free(block.address);
        long address = allocator.calloc(1, block.requested);
        long usable = checkNew(address, block.requested, 16);
        checkZero(address, block.requested);
        record(address, block.requested, usable);
    }

    private void free(LiveBlocks.Block block, boolean sized) {
        op("free of the %d-byte block at 0x%x", block.usable, block.address, 0);
        Cookies.check(block.address, block.usable, block.seed, this::operation);
        live.remove(block.address);
        if (sized) {
            // Any size whose class is the block's class is valid; sizes in [requested, usable]
            // qualify when the block got exactly sizeFor(requested), and usable always does.
            long size = block.usable;
            if (allocator.sizeFor(block.requested) == block.usable) {
                size = block.requested + random.nextLong(block.usable - block.requested + 1);
            }
            op("free(0x%x, %d) of a %d-byte block", block.address, size, block.usable);
            allocator.free(block.address, size);
        } else {
            op("free(0x%x) of a %d-byte block", block.address, block.usable, 0);
            allocator.free(block.address);
        }
    }

    private void op(String format, long a, long b, long c) {
        opFormat = format;
        opA = a;
        opB = b;
        opC = c;
    }

    private String operation() {
        return String.format(opFormat, opA, opB, opC);
    }

    private void checkZero(long address, long length) {
        long at = Cookies.firstNonZero(address, length);
        if (at >= 0) {
            fail(String.format("%s: block at 0x%x should read as zero over %d bytes but offset %d is not",
                    operation(), address, length, at));
        }
    }

    /** Checks a new block's address and usable size and returns the usable size. */
    private long checkNew(long address, long requested, long alignment) {
        if (address == 0) {
            fail(operation() + " returned 0");
        }
        if ((address & (alignment - 1)) != 0) {
            fail(String.format("%s returned 0x%x, not aligned to %d", operation(), address, alignment));
        }
        long usable = allocator.usableSize(address);
        if (usable < requested) {
            fail(String.format("%s returned 0x%x with usableSize %d < %d requested", operation(), address, usable,
                    requested));
        }
        return usable;
    }

    private long record(long address, long requested, long usable) {
        LiveBlocks.Block block = live.add(address, requested, usable, Cookies.seedFor(address, step));
        Cookies.write(address, usable, block.seed);
        return address;
    }

    /**
     * A request size: mostly small (log-uniform over [1, smallMaxSize]), 3% large (log-uniform up
     * to 4 MiB), 0.1% huge (8 MiB and a bit).
     */
    private long drawSize() {
        double p = random.nextDouble();
        if (p < 0.001) {
            return 8 * MIB + random.nextLong(64 * KIB);
        }
        if (p < 0.031) {
            return logUniform(smallMax + 1, 4 * MIB);
        }
        return logUniform(1, smallMax);
    }

    private long logUniform(long low, long high) {
        double value = Math.exp(Math.log(low) + random.nextDouble() * (Math.log(high + 1) - Math.log(low)));
        return Math.max(low, Math.min(high, (long) value));
    }
}
