package org.jmalloc.allocator;

import java.util.function.LongSupplier;
import org.jmalloc.allocator.arena.Arena;
import org.jmalloc.allocator.extent.BlockErrors;
import org.jmalloc.allocator.extent.Extent;
import org.jmalloc.allocator.extent.MappedMemory;
import org.jmalloc.allocator.prof.Frame;
import org.jmalloc.allocator.safety.Junk;
import org.jmalloc.allocator.safety.Quarantine;
import org.jmalloc.allocator.safety.UseAfterFreeException;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.jmalloc.allocator.tcache.CacheRegistry;

/**
 * The slow paths with the per-call safety options and the allocation listener: the class an
 * allocator is built with when any of them is on (the thread cache is then off, so every call
 * comes here). Allocators without them never load this class: their fast paths hold no test for
 * these options at all.
 *
 * <ul>
 *   <li>allocation: listener {@code beforeAllocate}; the block; zeroed ({@code zero}) or junked
 *       with {@code 0xA5} ({@code junk}); listener {@code afterAllocate}. A failure asks the
 *       listener whether to retry once.
 *   <li>free: the block is checked as always; listener {@code beforeFree}; junked with
 *       {@code 0x5A} ({@code junk} or the use-after-free check); with the check, it joins the
 *       quarantine, and the blocks that leave it are verified (every byte still {@code 0x5A}) and
 *       only then returned; listener {@code afterFree}.
 *   <li>realloc always moves, so the old block goes through free (and the quarantine).
 * </ul>
 */
final class CheckedPaths extends SlowPaths {

    private final SafetyOptions safety;
    private final AllocationListener listener;
    private final Quarantine quarantine;

    CheckedPaths(SizeClasses classes, long secret, boolean marks, Arena[] arenas, CacheRegistry registry,
                 BlockDiagnostics diagnostics, MappedMemory memory, Observability obs, int cachedClasses,
                 GuardedBlocks guards, SafetyOptions safety, AllocationListener listener) {
        super(classes, secret, marks, arenas, registry, diagnostics, memory, obs, cachedClasses, guards);
        this.safety = safety;
        this.listener = listener;
        this.quarantine = safety.useAfterFreeCheck() ? new Quarantine(safety.quarantineBytes()) : null;
    }

    @Override
    long malloc(long size) {
        checkOpen();
        RequestChecks.checkSize(size);
        return allocated(size, false, () -> super.malloc(size));
    }

    @Override
    long calloc(long count, long size) {
        checkOpen();
        long total = RequestChecks.checkCalloc(count, size);
        return allocated(total, true, () -> super.calloc(count, size));
    }

    @Override
    long alignedAlloc(long alignment, long size) {
        return allocated(size, false, () -> super.alignedAlloc(alignment, size));
    }

    @Override
    long realloc(long address, long newSize) {
        RequestChecks.checkSize(newSize);
        Extent e = diagnostics.blockAt(address, "realloc");
        if (quarantine != null && quarantine.contains(address)) {
            throw BlockErrors.alreadyFree("realloc", address);
        }
        long old = usable(e, address);
        long moved = malloc(newSize);
        RawMemory.copy(address, moved, Math.min(old, newSize));
        free(address, -1);
        return moved;
    }

    @Override
    void free(long address, long size) {
        checkOpen();
        if (address == 0) {
            return;
        }
        if (quarantine != null && quarantine.contains(address)) {
            throw BlockErrors.doubleFree(address);
        }
        Extent e = diagnostics.blockAt(address, "free");
        diagnostics.checkSizedFree(address, size, askedClass(e, address));
        long usable = usable(e, address);
        if (listener != null) {
            listener.beforeFree(address, usable);
        }
        if (safety.junk() || quarantine != null) {
            Junk.fill(address, usable, Junk.FREE);
        }
        if (quarantine == null) {
            super.free(address, -1);
        } else {
            release(quarantine.add(address, usable));
        }
        if (listener != null) {
            listener.afterFree(address, usable);
        }
    }

    /** The same as {@link #malloc}: no call on the checked path goes through a thread cache. */
    @Override
    long mallocUncached(long size) {
        return malloc(size);
    }

    /** The same as an unsized {@link #free}, quarantine included: no call here goes through a thread cache. */
    @Override
    void freeUncached(long address) {
        free(address, -1);
    }

    @Override
    void beforeClose() {
        if (quarantine != null) {
            release(quarantine.drain());
        }
    }

    /** Verifies blocks leaving the quarantine and returns them; throws for the first one written after free. */
    private void release(Quarantine.Block[] blocks) {
        UseAfterFreeException first = null;
        for (Quarantine.Block b : blocks) {
            long at = Junk.firstDifference(b.address(), b.size());
            if (at >= 0 && first == null) {
                var sample = obs.profiler == null ? null : obs.profiler.liveAt(b.address());
                java.util.List<Frame> stack = sample == null ? null : sample.frames();
                first = new UseAfterFreeException(b.address(), b.size(), at, Junk.byteAt(b.address() + at), stack);
            }
            super.free(b.address(), -1);
        }
        if (first != null) {
            throw first;
        }
    }

    private long allocated(long size, boolean zeroed, LongSupplier allocate) {
        if (listener != null) {
            listener.beforeAllocate(size);
        }
        long address;
        try {
            address = allocate.getAsLong();
        } catch (OutOfMemoryError oom) {
            if (listener == null || !listener.onFailure(size, oom)) {
                throw oom;
            }
            address = allocate.getAsLong();
        }
        long usable = usable(diagnostics.blockAt(address, "malloc"), address);
        if (!zeroed && safety.zero()) {
            Junk.fill(address, usable, (byte) 0);
        } else if (!zeroed && safety.junk()) {
            Junk.fill(address, usable, Junk.ALLOC);
        }
        if (listener != null) {
            listener.afterAllocate(address, size, usable);
        }
        return address;
    }

    /** The block's usable size as the application sees it (a sample's class, not its run). */
    private long usable(Extent e, long address) {
        return e.slab ? e.regionSize : classes.sizeOf(askedClass(e, address));
    }
}
