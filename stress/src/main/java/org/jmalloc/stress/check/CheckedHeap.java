package org.jmalloc.stress.check;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jmalloc.allocator.Allocator;

/**
 * The allocator as the workloads see it: every call is counted and checked. Thread-safe as the
 * allocator is; a block is used by one thread at a time (its holder), and may be freed by a
 * thread other than the one that allocated it.
 *
 * <p>On every block: the address is non-zero and aligned (16 bytes, or the requested alignment),
 * it is not the address of another live block (an exact set of live addresses: the cookie, keyed
 * by the address, cannot tell two blocks at one address apart), the {@link BlockCookie} is written
 * on allocation and verified on free and realloc, {@code calloc} memory is zero. On sampled blocks ({@link ShadowMap}): no overlap with another live sampled block,
 * {@code usableSize >= size} and, for {@code malloc}/{@code calloc}, {@code usableSize == sizeFor(size)}.
 * With {@link #trackCacheLines} on: no cache line holds live blocks of two threads.
 *
 * <p>An {@code OutOfMemoryError} from the allocator ("cannot allocate ...") fails only its
 * request: the call returns 0 and the error is counted ({@link #ooms()}). Any other exception from
 * the allocator propagates (the worker reports it). A violation is reported and the call goes on,
 * so one run counts them all.
 */
public final class CheckedHeap {

    /** The alignment every {@code malloc} result has. */
    public static final long MIN_ALIGNMENT = 16;

    private final Allocator allocator;
    private final BlockCookie cookie;
    private final ShadowMap shadow;
    private final ViolationLog log;
    /** Every live block's address and requested size: a block handed out twice is caught for certain. */
    private final ConcurrentHashMap<Long, Long> live = new ConcurrentHashMap<>();
    private volatile CacheLineOwners lines;
    private final LongAdder ops = new LongAdder();
    private final LongAdder ooms = new LongAdder();
    private final LongAdder liveBytes = new LongAdder();
    private final LongAdder liveBlocks = new LongAdder();

    /**
     * @param allocator the allocator under test
     * @param seed keys the cookies
     * @param shadowSampleShift shadow-map one block in {@code 2^shift}
     * @param log where violations go
     */
    public CheckedHeap(Allocator allocator, long seed, int shadowSampleShift, ViolationLog log) {
        this.allocator = allocator;
        this.cookie = new BlockCookie(seed);
        this.shadow = new ShadowMap(shadowSampleShift);
        this.log = log;
    }

    /** The allocator under test (for calls the heap does not wrap, e.g. {@code flushThreadCache}). */
    public Allocator allocator() {
        return allocator;
    }

    /** Turns on the false-sharing check with the given cache line size. Call before any allocation. */
    public void trackCacheLines(long lineSize) {
        lines = new CacheLineOwners(lineSize);
    }

    /** {@code malloc(size)}, checked; 0 when the allocator ran out of memory. */
    public long malloc(long size) {
        ops.increment();
        long a;
        try {
            a = allocator.malloc(size);
        } catch (OutOfMemoryError e) {
            return outOfMemory(e, "malloc(" + size + ")");
        }
        born(a, size, MIN_ALIGNMENT, true, "malloc");
        return a;
    }

    /** {@code calloc(count, size)}, checked (zeroed memory too); 0 when out of memory. */
    public long calloc(long count, long size) {
        ops.increment();
        long a;
        try {
            a = allocator.calloc(count, size);
        } catch (OutOfMemoryError e) {
            return outOfMemory(e, "calloc(" + count + ", " + size + ")");
        }
        long bytes = count * size;
        long bad = a == 0 ? -1 : cookie.firstNonZero(a, bytes);
        if (bad >= 0) {
            log.report(Violation.Kind.NOT_ZEROED, String.format("calloc(%d, %d) returned block 0x%x whose %s",
                    count, size, a, cookie.describe(a, a, bytes, bad, true)));
        }
        born(a, bytes, MIN_ALIGNMENT, true, "calloc");
        return a;
    }

    /** {@code alignedAlloc(alignment, size)}, checked; 0 when out of memory. */
    public long alignedAlloc(long alignment, long size) {
        ops.increment();
        long a;
        try {
            a = allocator.alignedAlloc(alignment, size);
        } catch (OutOfMemoryError e) {
            return outOfMemory(e, "alignedAlloc(" + alignment + ", " + size + ")");
        }
        born(a, size, Math.max(alignment, MIN_ALIGNMENT), false, "alignedAlloc(" + alignment + ")");
        return a;
    }

    /**
     * {@code realloc(address, newSize)} of a block holding {@code oldSize} bytes, checked: the
     * old block's cookie before, the copied bytes after.
     *
     * @return the new address, or 0 when out of memory (then the old block is still live and intact)
     */
    public long realloc(long address, long oldSize, long newSize) {
        if (address == 0) {
            return malloc(newSize);
        }
        ops.increment();
        verify(address, oldSize, "realloc");
        leaving(address, oldSize);
        long a;
        try {
            a = allocator.realloc(address, newSize);
        } catch (OutOfMemoryError e) {
            live.put(address, oldSize);
            if (shadow.sampled(address)) {
                // Back as born() put it (its usable size), or leaving() would not find it again.
                shadowAdd(address, shadowSize(address, oldSize), "realloc failure");
            }
            claimLines(address, oldSize);
            return outOfMemory(e, String.format("realloc(0x%x, %d)", address, newSize));
        }
        liveBytes.add(-oldSize);
        liveBlocks.decrement();
        long bad = a == 0 ? -1 : cookie.verify(address, a, oldSize, Math.min(oldSize, newSize));
        if (bad >= 0) {
            log.report(Violation.Kind.BAD_COOKIE, String.format(
                    "realloc(0x%x, %d) of a %d-byte block returned 0x%x, and the copied %s",
                    address, newSize, oldSize, a, cookie.describe(address, a, oldSize, bad, false)));
        }
        born(a, newSize, MIN_ALIGNMENT, false, "realloc");
        return a;
    }

    /** {@code free(address)} of a block holding {@code size} bytes, after checking its cookie. */
    public void free(long address, long size) {
        ops.increment();
        verify(address, size, "free");
        leaving(address, size);
        allocator.free(address);
        dead(size);
    }

    /** Sized {@code free(address, size)}, after checking the block's cookie. */
    public void freeSized(long address, long size) {
        ops.increment();
        verify(address, size, "sized free");
        leaving(address, size);
        allocator.free(address, size);
        dead(size);
    }

    /** Calls (successful or not) made through this heap: the run's progress. */
    public long ops() {
        return ops.sum();
    }

    /** Requests that failed with the allocator's {@code OutOfMemoryError}. */
    public long ooms() {
        return ooms.sum();
    }

    /** Requested bytes of the blocks live now. */
    public long liveBytes() {
        return liveBytes.sum();
    }

    /** Blocks live now. */
    public long liveBlocks() {
        return liveBlocks.sum();
    }

    /** Where this heap reports. */
    public ViolationLog log() {
        return log;
    }

    private long outOfMemory(OutOfMemoryError e, String call) {
        String message = String.valueOf(e.getMessage());
        if (!message.startsWith("cannot allocate ")) {
            if (!message.contains("injected fault")) {
                throw e; // the JVM's own heap ran out: not the allocator's answer to this request
            }
            log.report(Violation.Kind.OOM_MESSAGE, call + " threw OutOfMemoryError(\"" + message
                    + "\"), which does not start with \"cannot allocate <n> bytes\"");
        }
        ooms.increment();
        return 0;
    }

    private void born(long a, long size, long alignment, boolean exactClass, String call) {
        if (a == 0 || (a & (alignment - 1)) != 0) {
            log.report(Violation.Kind.MISALIGNED, String.format("%s of %d bytes returned 0x%x, not %d-byte aligned",
                    call, size, a, alignment));
            if (a == 0) {
                throw new IllegalStateException(call + " of " + size + " bytes returned address 0");
            }
        }
        Long other = live.putIfAbsent(a, size);
        if (other != null) {
            log.report(Violation.Kind.OVERLAP, String.format(
                    "%s of %d bytes returned 0x%x, the address of a live %d-byte block", call, size, a, other));
        }
        if (shadow.sampled(a)) {
            long usable = allocator.usableSize(a);
            if (usable < size) {
                log.report(Violation.Kind.USABLE_SIZE, String.format(
                        "%s of %d bytes returned 0x%x with usableSize %d < %d", call, size, a, usable, size));
            } else if (exactClass && usable != allocator.sizeFor(size)) {
                log.report(Violation.Kind.USABLE_SIZE, String.format(
                        "%s of %d bytes returned 0x%x with usableSize %d but sizeFor(%d) is %d",
                        call, size, a, usable, size, allocator.sizeFor(size)));
            }
            shadowAdd(a, Math.max(usable, size), call);
        }
        claimLines(a, size);
        cookie.write(a, size);
        liveBytes.add(size);
        liveBlocks.increment();
    }

    private void shadowAdd(long a, long size, String call) {
        String other = shadow.add(a, size);
        if (other != null) {
            log.report(Violation.Kind.OVERLAP, String.format("%s returned block 0x%x (%d usable bytes), which overlaps %s",
                    call, a, size, other));
        }
    }

    private void claimLines(long a, long size) {
        CacheLineOwners owners = lines;
        if (owners != null) {
            String other = owners.claim(a, size);
            if (other != null) {
                log.report(Violation.Kind.SHARED_CACHE_LINE, String.format(
                        "block 0x%x (%d bytes) shares a %d-byte cache line with a live block of thread %s",
                        a, size, owners.lineSize(), other));
            }
        }
    }

    private void verify(long a, long size, String call) {
        long bad = cookie.verify(a, a, size, size);
        if (bad >= 0) {
            log.report(Violation.Kind.BAD_COOKIE, String.format("%s of block 0x%x (%d bytes): %s",
                    call, a, size, cookie.describe(a, a, size, bad, false)));
        }
    }

    private void leaving(long a, long size) {
        live.remove(a, size);
        if (shadow.sampled(a)) {
            shadow.remove(a, shadowSize(a, size));
        }
        CacheLineOwners owners = lines;
        if (owners != null) {
            owners.release(a, size);
        }
    }

    /**
     * The bytes a sampled live block covers in the shadow map: its usable size (at least the
     * request). {@link #born} adds a block with it; removal and re-adding must use the same size,
     * since {@link ShadowMap#remove} removes an entry only when the size matches.
     */
    private long shadowSize(long a, long size) {
        return Math.max(allocator.usableSize(a), size);
    }

    private void dead(long size) {
        liveBytes.add(-size);
        liveBlocks.decrement();
    }
}
